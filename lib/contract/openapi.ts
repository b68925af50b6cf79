import { z } from "zod";
import { accountConnectors, accountResponse, bodies, createdSession, errorBody, inputs, outputs, params, webhookEvent } from "./host-api";

// The host API as an OpenAPI 3.1 document, made from the contract's zod schemas (JSON
// Schema 2020-12, which OpenAPI 3.1 uses as is). Served at /api/v1/openapi.json; a snapshot
// test shows every change to it in review.

type Json = Record<string, unknown>;

const ref = (schema: z.ZodType, registry: typeof inputs | typeof outputs): Json => {
  const id = registry.get(schema)?.id;
  if (!id) throw new Error("A schema in the document is not registered in the contract");
  return { $ref: `#/components/schemas/${id}` };
};

/** Every registered schema as JSON Schema, without the per-schema $schema/$id (the document is their home). */
function components(registry: typeof inputs | typeof outputs, io: "input" | "output"): Record<string, Json> {
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", io, unrepresentable: "any", uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema as Json;
      return [id, rest];
    }),
  );
}

const inline = (schema: z.ZodType): Json => {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Json;
  return rest;
};

const json = (schema: Json) => ({ content: { "application/json": { schema } } });
const error = (description: string) => ({ description, ...json(ref(errorBody, outputs)) });

/** The answers every route may give besides its own. */
const common = {
  "401": error("No API key, or one that is unknown or revoked."),
  "413": error("The body is larger than 64 KiB; it was not read."),
  "429": {
    ...error("Too many requests for this API key; `Retry-After` says when to try again."),
    headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } },
  },
  "502": error("Cyclr did not answer or answered with an error; the message says which."),
};

const accountIdParam = (schema: z.ZodType, description: string) => ({ name: "accountId", in: "path", required: true, description, schema: inline(schema) });

export function openApiDocument(): Json {
  const webhookHeaders = {
    "webhook-id": { description: "The event's id, the same for every retry (de-duplicate on it).", schema: { type: "string" } },
    "webhook-timestamp": { description: "Unix seconds when this try was signed.", schema: { type: "string" } },
    "webhook-signature": {
      description:
        'Standard Webhooks: space-separated `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, one per live signing secret (for 24 hours after a new secret, the old one signs too). Verify with any Standard Webhooks library and the key\'s `whsec_` secret.',
      schema: { type: "string" },
    },
    "switchboard-event-type": { description: "The event's type.", schema: { type: "string" } },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchboard host API",
      version: "1",
      description:
        'What a host\'s backend calls to onboard its customers\' accounts, mint connect links and read connector statuses, and the webhooks it receives. Every call sends `Authorization: Bearer <API key>`. Errors are `{"error":{"code","message"}}` with words fit to show a person.',
    },
    servers: [{ url: "/", description: "The Switchboard instance serving this document" }],
    security: [{ apiKey: [] }],
    paths: {
      "/api/v1/connect-sessions": {
        post: {
          operationId: "createSession",
          summary: "Mint a connect link for one user of one account",
          description:
            "An account Switchboard knows needs no call to Cyclr. An unknown one must exist at Cyclr, or is created there when `accountName` is given (`account.created` is sent).",
          requestBody: { required: true, ...json(ref(bodies.createSession, inputs)) },
          responses: {
            "201": { description: "The link, valid for 30 minutes.", ...json(ref(createdSession, outputs)) },
            "400": error("The body does not validate; `fields` names each problem."),
            "404": error("Neither Switchboard nor Cyclr has the account (and no `accountName` was given), or a connector to narrow to does not exist."),
            ...common,
          },
        },
      },
      "/api/v1/accounts/{accountId}": {
        put: {
          operationId: "upsertAccount",
          summary: "Create the Cyclr account for one of the host's customers, or rename it",
          description: "Idempotent: the same call again finds the account as it should be. Concurrent calls create it once.",
          parameters: [accountIdParam(params.newAccountId, "The host's own tenant id, used as the Cyclr account id.")],
          requestBody: { required: true, ...json(ref(bodies.account, inputs)) },
          responses: {
            "200": { description: "The account existed (and now has this name).", ...json(ref(accountResponse, outputs)) },
            "201": { description: "The account was created at Cyclr.", ...json(ref(accountResponse, outputs)) },
            "400": error("The id or the body does not validate."),
            ...common,
          },
        },
      },
      "/api/v1/accounts/{accountId}/connectors": {
        get: {
          operationId: "getConnectors",
          summary: "One account's connectors and devices, and their statuses",
          description:
            "From Switchboard's database (as fresh as the last check or sync); `refresh=true` asks Cyclr (and Podero, for the devices) first. `devices` is there only when Switchboard is configured with Podero.",
          parameters: [
            accountIdParam(params.knownAccountId, "The Cyclr account id."),
            { name: "refresh", in: "query", required: false, schema: inline(params.refresh) },
          ],
          responses: {
            "200": { description: "The account and its connectors, by name.", ...json(ref(accountConnectors, outputs)) },
            "400": error("The id cannot be a Cyclr account id; the message names the rule."),
            "404": error("No such account."),
            ...common,
          },
        },
      },
    },
    webhooks: Object.fromEntries(
      (
        [
          "account.created",
          "connector.installed",
          "connector.connected",
          "connector.disconnected",
          "connector.failed",
          "device.connected",
          "device.needs_attention",
          "device.disconnected",
        ] as const
      ).map((type) => [
        type,
        {
          post: {
            summary: `Sent on ${type}`,
            description:
              "Signed as Standard Webhooks specifies, with the API key's signing secret; answer 2xx within 10 seconds, or it is sent again with backoff.",
            parameters: Object.entries(webhookHeaders).map(([name, header]) => ({ name, in: "header", required: true, ...header })),
            requestBody: { required: true, ...json(ref(webhookEvent, outputs)) },
            responses: { "2XX": { description: "Received." } },
          },
        },
      ]),
    ),
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "A host API key (made in the console or with the CLI)." } },
      schemas: { ...components(inputs, "input"), ...components(outputs, "output") },
    },
  };
}
