// The emulator's seed: credentials, a connector catalogue, three accounts with installed
// connectors and one with none. Ids are fixed so tests and the demo can name them.

export const CLIENT_ID = "switchboard-local";
export const CLIENT_SECRET = "switchboard-local-secret";
/** The partner console user, for the legacy partner password grant. */
export const PARTNER_USER = { username: "partner@example.com", password: "partner-password" };
/** Every account (seeded or created later) has one account user, for the legacy account password grant. */
export const accountUser = (accountId: string) => `user@${accountId}.example`;
export const ACCOUNT_USER_PASSWORD = "account-password";

/** Account connector Ids are numeric, as Cyclr's are, and unique across the emulator: 100001, 100002, … in seed order. */
export const FIRST_ACCOUNT_CONNECTOR_ID = 100001;

/** A connector name that runs script wherever someone forgets to escape third-party text. */
export const INJECTION_NAME = `<img src=x onerror="alert('xss')">Evil CRM`;

function icon(color: string, letter: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" rx="8" fill="${color}"/><text x="20" y="27" font-family="sans-serif" font-size="20" font-weight="bold" fill="#fff" text-anchor="middle">${letter}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

export type CatalogueEntry = {
  Id: number;
  Name: string;
  Description: string;
  Status: string;
  Version: string;
  Icon: string;
  AuthType: "OAuth2" | "ApiKey" | "Basic" | "None";
  OAuth2Type: string | null;
  AuthScheme: string | null;
  Categories: string[];
};

/** Cyclr's status for a released connector; anything else (e.g. "Draft") cannot be installed. */
export const RELEASED_STATUS = "Approved";
export const isReleased = (entry: CatalogueEntry): boolean => entry.Status === RELEASED_STATUS;

const entry = (
  Id: number,
  Name: string,
  AuthType: CatalogueEntry["AuthType"],
  color: string,
  Categories: string[],
  release: { Status: string; Version: string } = { Status: RELEASED_STATUS, Version: "1.0" },
): CatalogueEntry => ({
  Id,
  Name,
  Description: `${Name} connector`,
  Status: release.Status,
  Version: release.Version,
  Icon: icon(color, Name.replace(/[^A-Za-z]/g, "").charAt(0) || "?"),
  AuthType,
  OAuth2Type: AuthType === "OAuth2" ? "AuthorizationCode" : null,
  AuthScheme: AuthType === "ApiKey" ? "Header" : AuthType === "Basic" ? "Basic" : null,
  Categories,
});

/** The one connector not yet released: listed in the catalogue, refused by install. */
export const DRAFT_CONNECTOR_ID = 5008;
/** The further released connectors, 5101, 5102, … in this order. */
export const FIRST_FURTHER_CONNECTOR_ID = 5101;

const C = "CRM";
const M = "Marketing";
const S = "Support";
const P = "Payments";
const PR = "Productivity";
const PM = "Project management";
const A = "Accounting";
const HR = "HR";
const E = "E-commerce";
const AN = "Analytics";
const CM = "Communication";

/**
 * Further released connectors, 112 of them: with the eight above, 120 in all, so a catalogue read
 * with the default pageSize=50 takes three pages (50, 50, 20) and one read with pageSize=100 two.
 * Names are plain and unique (none contains "sales" or "sheets", which tests search for).
 */
const further: [string, CatalogueEntry["AuthType"], string[]][] = [
  ["Pipedrive", "ApiKey", [C]],
  ["Zoho CRM", "OAuth2", [C]],
  ["Microsoft Dynamics 365", "OAuth2", [C]],
  ["Copper", "ApiKey", [C]],
  ["Insightly", "ApiKey", [C]],
  ["Close", "ApiKey", [C]],
  ["Capsule CRM", "OAuth2", [C]],
  ["Keap", "OAuth2", [C, M]],
  ["SugarCRM", "Basic", [C]],
  ["Streak", "ApiKey", [C]],
  ["Attio", "OAuth2", [C]],
  ["ActiveCampaign", "ApiKey", [M, C]],
  ["Klaviyo", "ApiKey", [M]],
  ["Constant Contact", "OAuth2", [M]],
  ["Campaign Monitor", "ApiKey", [M]],
  ["Brevo", "ApiKey", [M]],
  ["Marketo", "OAuth2", [M]],
  ["Mailjet", "Basic", [M]],
  ["SendGrid", "ApiKey", [M, CM]],
  ["Drip", "ApiKey", [M]],
  ["Kit", "ApiKey", [M]],
  ["Omnisend", "ApiKey", [M, E]],
  ["Iterable", "ApiKey", [M]],
  ["Customer.io", "Basic", [M]],
  ["Braze", "ApiKey", [M]],
  ["Freshdesk", "ApiKey", [S]],
  ["Intercom", "OAuth2", [S, CM]],
  ["Help Scout", "OAuth2", [S]],
  ["Front", "OAuth2", [S, CM]],
  ["Gorgias", "Basic", [S, E]],
  ["Kustomer", "ApiKey", [S]],
  ["Gladly", "Basic", [S]],
  ["ServiceNow", "Basic", [S]],
  ["Zoho Desk", "OAuth2", [S]],
  ["LiveAgent", "ApiKey", [S]],
  ["PayPal", "OAuth2", [P]],
  ["Square", "OAuth2", [P, E]],
  ["Adyen", "ApiKey", [P]],
  ["Braintree", "Basic", [P]],
  ["GoCardless", "OAuth2", [P]],
  ["Mollie", "ApiKey", [P]],
  ["Checkout.com", "ApiKey", [P]],
  ["Chargebee", "Basic", [P, A]],
  ["Recurly", "Basic", [P]],
  ["Paddle", "ApiKey", [P]],
  ["Google Drive", "OAuth2", [PR]],
  ["Google Calendar", "OAuth2", [PR]],
  ["Gmail", "OAuth2", [PR, CM]],
  ["Microsoft Outlook", "OAuth2", [PR, CM]],
  ["Microsoft Excel", "OAuth2", [PR]],
  ["OneDrive", "OAuth2", [PR]],
  ["Dropbox", "OAuth2", [PR]],
  ["Box", "OAuth2", [PR]],
  ["Notion", "OAuth2", [PR]],
  ["Airtable", "OAuth2", [PR]],
  ["Smartsheet", "OAuth2", [PR, PM]],
  ["Coda", "ApiKey", [PR]],
  ["Calendly", "OAuth2", [PR]],
  ["DocuSign", "OAuth2", [PR]],
  ["Typeform", "OAuth2", [PR, M]],
  ["SurveyMonkey", "OAuth2", [PR]],
  ["Slack", "OAuth2", [CM]],
  ["Microsoft Teams", "OAuth2", [CM]],
  ["Zoom", "OAuth2", [CM]],
  ["Twilio", "Basic", [CM]],
  ["Asana", "OAuth2", [PM]],
  ["Trello", "OAuth2", [PM]],
  ["Monday.com", "ApiKey", [PM]],
  ["ClickUp", "ApiKey", [PM]],
  ["Wrike", "OAuth2", [PM]],
  ["Basecamp", "OAuth2", [PM]],
  ["Teamwork.com", "Basic", [PM]],
  ["Linear", "OAuth2", [PM]],
  ["Shortcut", "ApiKey", [PM]],
  ["Azure DevOps", "Basic", [PM]],
  ["GitHub", "OAuth2", [PM]],
  ["GitLab", "OAuth2", [PM]],
  ["Confluence", "Basic", [PM, PR]],
  ["Harvest", "OAuth2", [PM, A]],
  ["Toggl Track", "Basic", [PM]],
  ["QuickBooks Online", "OAuth2", [A]],
  ["Xero", "OAuth2", [A]],
  ["Sage Accounting", "OAuth2", [A]],
  ["FreshBooks", "OAuth2", [A]],
  ["NetSuite", "Basic", [A]],
  ["Zoho Books", "OAuth2", [A]],
  ["Wave", "OAuth2", [A]],
  ["FreeAgent", "OAuth2", [A]],
  ["MYOB", "OAuth2", [A]],
  ["Sage Intacct", "Basic", [A]],
  ["Exact Online", "OAuth2", [A]],
  ["BambooHR", "ApiKey", [HR]],
  ["Workday", "Basic", [HR]],
  ["Personio", "Basic", [HR]],
  ["HiBob", "Basic", [HR]],
  ["Gusto", "OAuth2", [HR, A]],
  ["Rippling", "OAuth2", [HR]],
  ["Greenhouse", "Basic", [HR]],
  ["Lever", "OAuth2", [HR]],
  ["Workable", "ApiKey", [HR]],
  ["Breathe HR", "ApiKey", [HR]],
  ["Deel", "ApiKey", [HR]],
  ["Shopify", "OAuth2", [E]],
  ["WooCommerce", "Basic", [E]],
  ["BigCommerce", "ApiKey", [E]],
  ["Magento", "ApiKey", [E]],
  ["eBay", "OAuth2", [E]],
  ["Etsy", "OAuth2", [E]],
  ["ShipStation", "Basic", [E]],
  ["Google Analytics", "OAuth2", [AN, M]],
  ["Mixpanel", "Basic", [AN]],
  ["Segment", "ApiKey", [AN]],
];

const PALETTE = ["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#4f46e5", "#be185d", "#65a30d", "#0d9488"];

export const catalogue: CatalogueEntry[] = [
  entry(5001, "Salesforce", "OAuth2", "#00a1e0", ["CRM"]),
  entry(5002, "HubSpot", "OAuth2", "#ff7a59", ["CRM", "Marketing"]),
  entry(5003, "Google Sheets", "OAuth2", "#0f9d58", ["Productivity"]),
  entry(5004, "Mailchimp", "ApiKey", "#d4a017", ["Marketing"]),
  entry(5005, "Stripe", "ApiKey", "#635bff", ["Payments"]),
  entry(5006, "Jira", "Basic", "#0052cc", ["Project management"]),
  entry(5007, INJECTION_NAME, "OAuth2", "#b91c1c", ["CRM"]),
  entry(DRAFT_CONNECTOR_ID, "Zendesk (beta)", "OAuth2", "#03363d", ["Support"], { Status: "Draft", Version: "0.9" }),
  ...further.map(([name, authType, categories], i) => entry(FIRST_FURTHER_CONNECTOR_ID + i, name, authType, PALETTE[i % PALETTE.length]!, categories)),
];

const byId = new Map(catalogue.map((e) => [e.Id, e]));
export const catalogueEntry = (id: number): CatalogueEntry | undefined => byId.get(id);

/**
 * Installed in this order, so acme-corp holds 100001–100005, globex 100006–100008, initech
 * 100009–100011. new-customer comes last and holds nothing: the demo's newcomer, who starts
 * from an empty account (and leaves the others' ids as they are).
 */
export const seedAccounts: { Id: string; Name: string; connectors: number[] }[] = [
  { Id: "acme-corp", Name: "Acme Corp", connectors: [5001, 5002, 5004, 5006, 5007] },
  { Id: "globex", Name: "Globex", connectors: [5001, 5003, 5005] },
  { Id: "initech", Name: "Initech", connectors: [5002, 5004, 5006] },
  { Id: "new-customer", Name: "New Customer Ltd", connectors: [] },
];
