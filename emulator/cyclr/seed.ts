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

const entry = (Id: number, Name: string, AuthType: CatalogueEntry["AuthType"], color: string, Categories: string[]): CatalogueEntry => ({
  Id,
  Name,
  Description: `${Name} connector`,
  Status: "Approved",
  Version: "1.0",
  Icon: icon(color, Name.replace(/[^A-Za-z]/g, "").charAt(0) || "?"),
  AuthType,
  OAuth2Type: AuthType === "OAuth2" ? "AuthorizationCode" : null,
  AuthScheme: AuthType === "ApiKey" ? "Header" : AuthType === "Basic" ? "Basic" : null,
  Categories,
});

export const catalogue: CatalogueEntry[] = [
  entry(5001, "Salesforce", "OAuth2", "#00a1e0", ["CRM"]),
  entry(5002, "HubSpot", "OAuth2", "#ff7a59", ["CRM", "Marketing"]),
  entry(5003, "Google Sheets", "OAuth2", "#0f9d58", ["Productivity"]),
  entry(5004, "Mailchimp", "ApiKey", "#d4a017", ["Marketing"]),
  entry(5005, "Stripe", "ApiKey", "#635bff", ["Payments"]),
  entry(5006, "Jira", "Basic", "#0052cc", ["Project management"]),
  entry(5007, INJECTION_NAME, "OAuth2", "#b91c1c", ["CRM"]),
];

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
