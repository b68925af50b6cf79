import { z } from "zod";
import { accountIdSchema, accountInput, knownAccountIdSchema } from "@/lib/connect/accounts";
import { appearanceInput } from "@/lib/connect/appearance";
import { createSessionInput, sessionUser } from "@/lib/connect/sessions";
import { errorCodes } from "@/lib/errors";
import { connectorEventTypes, deviceEventTypes } from "@/lib/webhooks/outbox";

// The host API's contract: what each route takes (the very schemas the routes parse with)
// and what it answers (the schemas its answers are typed by), and the webhook payloads.
// lib/contract/openapi.ts turns these into the OpenAPI document; nothing here is a second
// description of the API to keep in step by hand.

/** Schemas of what the host sends, named as they appear in the document. */
export const inputs = z.registry<{ id: string; description?: string }>();
/** Schemas of what Switchboard answers and sends. */
export const outputs = z.registry<{ id: string; description?: string }>();

/** The bodies the routes parse. */
export const bodies = { createSession: createSessionInput, account: accountInput };
inputs.add(createSessionInput, { id: "CreateSessionRequest", description: "A connect link for one user of one account." });
inputs.add(appearanceInput, {
  id: "Appearance",
  description: "How the widget looks. Left-out fields keep Switchboard's own look; text on the accent colour is kept readable (WCAG AA).",
});
inputs.add(sessionUser, {
  id: "SessionUser",
  description:
    "The end user, for providers that keep users of their own. Podero devices need it: on the user's first device connect Switchboard makes them a user of your Podero organisation with this email (and names), linked by `external_user_id` = `<accountId>/<userId>`. Without an email the page's device cards say that the app must provide it.",
});
inputs.add(accountInput, { id: "AccountRequest", description: "The account's name (and time zone) at Cyclr." });

export const params = {
  /** An account id Switchboard or Cyclr may already have. */
  knownAccountId: knownAccountIdSchema,
  /** An id for a new account (the host's own tenant id): stricter. */
  newAccountId: accountIdSchema,
  refresh: z.enum(["true", "false"]).optional(),
};

const timestamp = z.iso.datetime({ offset: true });

export const createdSession = z.object({
  token: z.string().describe("The session's token: the last part of both URLs. Shown once; Switchboard keeps only its hash."),
  url: z.url().describe("The connect page, to send the user to (or open in a popup)."),
  embedUrl: z.url().describe("The same page for an iframe in the host's own product."),
  expiresAt: timestamp.describe("When the link stops working (30 minutes after it was minted)."),
});
outputs.add(createdSession, { id: "ConnectSession" });

export const accountView = z.object({
  id: z.string().describe("The Cyclr account id (for accounts the host created: its own tenant id)."),
  name: z.string(),
});
outputs.add(accountView, { id: "Account" });

export const accountResponse = z.object({ account: accountView });
outputs.add(accountResponse, { id: "AccountResponse" });

export const connectorStatuses = ["NOT_CONNECTED", "CONNECTED", "FAILED", "DISCONNECTED"] as const;

export const hostConnector = z.object({
  id: z.uuid().describe("Switchboard's id of the account's connector."),
  provider: z.literal("Cyclr").describe("Who connects it: Cyclr, for every connector."),
  name: z.string().describe("The name the connector has in the account."),
  connector: z.string().describe("The catalogue connector it is (Salesforce, HubSpot, …)."),
  authType: z.string().describe("How it is authorized: OAuth2, ApiKey, Basic, …"),
  status: z.enum(connectorStatuses),
  authenticatedAt: timestamp.nullable(),
  lastCheckedAt: timestamp.nullable(),
});
outputs.add(hostConnector, { id: "Connector" });

export const deviceTypes = ["ev", "hp", "iv", "wb"] as const;
export const deviceStatuses = ["CONNECTED", "NEEDS_ATTENTION", "DISCONNECTED"] as const;

export const hostDevice = z.object({
  id: z.uuid().describe("Switchboard's id of the device."),
  provider: z.literal("Podero").describe("Who connects it: Podero, for every device."),
  userId: z.string().describe("The host's user id whose device it is (the session's `userId`)."),
  type: z.enum(deviceTypes).describe("ev electric vehicle, hp heat pump, iv battery inverter, wb wallbox."),
  typeName: z.string().describe("The type in words, as Podero names it."),
  manufacturer: z.string(),
  model: z.string(),
  status: z
    .enum(deviceStatuses)
    .describe(
      "CONNECTED: Podero reads it (is_authenticated). NEEDS_ATTENTION: it does not, or asks the user to act (sign in again). DISCONNECTED: deleted at Podero.",
    ),
  needsAction: z.boolean().describe("Podero asks the user to act (e.g. reauthenticate): the connect page offers Reconnect."),
  connectedAt: timestamp.nullable().describe("When Podero last confirmed it connected."),
  lastCheckedAt: timestamp.nullable(),
});
outputs.add(hostDevice, { id: "Device" });

export const accountConnectors = z.object({
  account: accountView,
  connectors: z.array(hostConnector),
  devices: z
    .array(hostDevice)
    .optional()
    .describe("The account's users' Podero devices (present only when Switchboard is configured with Podero), by user, then type."),
  refreshed: z.boolean().describe("Whether Cyclr was asked just now (?refresh=true, or an account Switchboard did not know yet)."),
});
outputs.add(accountConnectors, { id: "AccountConnectors" });

export const errorBody = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string().describe("What went wrong, in words fit to show a person."),
    fields: z.record(z.string(), z.array(z.string())).optional().describe("For a body that does not validate: each field's problems."),
  }),
});
outputs.add(errorBody, { id: "Error" });

const accountData = z.object({ id: z.string(), name: z.string(), tenantId: z.string().nullable() });
outputs.add(accountData, { id: "WebhookAccount" });

const eventId = z
  .string()
  .regex(/^evt_[0-9a-f]{32}$/)
  .describe("The same for every retry: receivers de-duplicate on it.");

export const accountCreatedEvent = z.object({
  id: eventId,
  type: z.literal("account.created"),
  createdAt: timestamp,
  data: z.object({ account: accountData }),
});
outputs.add(accountCreatedEvent, { id: "AccountCreatedEvent" });

export const connectorEvent = z.object({
  id: eventId,
  type: z.enum(connectorEventTypes),
  createdAt: timestamp,
  data: z.object({
    account: accountData,
    connector: z.object({ id: z.uuid(), name: z.string(), connector: z.string(), cyclrAccountConnectorId: z.string(), status: z.enum(connectorStatuses) }),
    error: z.string().optional().describe("For connector.failed: what Cyclr said, in words."),
  }),
});
outputs.add(connectorEvent, { id: "ConnectorEvent" });

export const deviceEvent = z.object({
  id: eventId,
  type: z.enum(deviceEventTypes),
  createdAt: timestamp,
  data: z.object({
    account: accountData,
    device: z.object({
      id: z.uuid(),
      provider: z.literal("Podero"),
      type: z.enum(deviceTypes),
      typeName: z.string(),
      manufacturer: z.string(),
      model: z.string(),
      status: z.enum(deviceStatuses),
      userId: z.string().describe("The host's user id whose device it is."),
      poderoDeviceId: z.string(),
    }),
    reason: z.string().optional().describe("For device.needs_attention: Podero's words, when it gave some."),
  }),
});
outputs.add(deviceEvent, { id: "DeviceEvent" });

export const webhookEvent = z.discriminatedUnion("type", [accountCreatedEvent, connectorEvent, deviceEvent]);
outputs.add(webhookEvent, { id: "WebhookEvent" });

export type HostConnector = z.output<typeof hostConnector>;
export type HostDevice = z.output<typeof hostDevice>;
export type AccountConnectors = z.output<typeof accountConnectors>;
export type CreatedSessionBody = z.output<typeof createdSession>;
export type WebhookEvent = z.output<typeof webhookEvent>;
