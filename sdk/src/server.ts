import type { components, operations } from "./generated/openapi";
import { verifyWebhook } from "./webhooks";

// @switchboard/sdk/server: the host's backend. A client for the host API, typed from
// Switchboard's OpenAPI document (src/generated/openapi.ts is made from it at build time),
// and webhook verification with the Standard Webhooks reference library.

export { verifyWebhook, WebhookVerificationError, type WebhookHeaders } from "./webhooks";

type Schemas = components["schemas"];
type JsonBody<T> = T extends { content: { "application/json": infer B } } ? B : never;

export type CreateSessionRequest = JsonBody<operations["createSession"]["requestBody"]>;
export type ConnectSession = JsonBody<operations["createSession"]["responses"]["201"]>;
export type AccountRequest = JsonBody<operations["upsertAccount"]["requestBody"]>;
export type AccountResponse = JsonBody<operations["upsertAccount"]["responses"]["200"]>;
export type AccountConnectors = JsonBody<operations["getConnectors"]["responses"]["200"]>;
export type Account = Schemas["Account"];
export type Connector = Schemas["Connector"];
export type ConnectorStatus = Connector["status"];
export type ErrorBody = Schemas["Error"];
export type ErrorCode = ErrorBody["error"]["code"];
export type WebhookEvent = Schemas["WebhookEvent"];

/** A refusal from the host API (`{"error":{"code","message"}}`), or an answer that was not one of its own. */
export class SwitchboardError extends Error {
  override readonly name = "SwitchboardError";
  /** The HTTP status. */
  readonly status: number;
  /** The API's error code; `unexpected_response` when the answer was not the API's JSON (a proxy's error page, say). */
  readonly code: ErrorCode | "unexpected_response";
  /** For a body that did not validate: each field's problems. */
  readonly fields: Record<string, string[]> | undefined;

  constructor(status: number, code: ErrorCode | "unexpected_response", message: string, fields?: Record<string, string[]>) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export interface SwitchboardOptions {
  /** Switchboard's origin, e.g. "https://switchboard.example.com". */
  baseUrl: string;
  /** A host API key (admin console → API keys, or the CLI). */
  apiKey: string;
  /** Another fetch (a proxy agent, a test's); the global one by default. */
  fetch?: typeof globalThis.fetch;
}

export interface SwitchboardClient {
  /** POST /api/v1/connect-sessions: a connect link (and embed link) for one user of one account. */
  createSession(body: CreateSessionRequest): Promise<ConnectSession>;
  /** PUT /api/v1/accounts/{accountId}: creates the account at Cyclr (`created: true`) or renames it; idempotent. */
  upsertAccount(accountId: string, body: AccountRequest): Promise<AccountResponse & { created: boolean }>;
  /** GET /api/v1/accounts/{accountId}/connectors: the account's connectors and their statuses (`refresh`: ask Cyclr first). */
  getConnectors(accountId: string, options?: { refresh?: boolean }): Promise<AccountConnectors>;
  /** The same as the module's `verifyWebhook`. */
  verifyWebhook: typeof verifyWebhook;
}

async function failure(response: Response): Promise<SwitchboardError> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    const error = body.error;
    if (error && typeof error.code === "string" && typeof error.message === "string") {
      return new SwitchboardError(response.status, error.code, error.message, error.fields);
    }
  } catch {
    // not JSON: below
  }
  return new SwitchboardError(response.status, "unexpected_response", `Switchboard answered ${response.status} without an error body.`);
}

export function createSwitchboard(options: SwitchboardOptions): SwitchboardClient {
  if (!options || typeof options.baseUrl !== "string") throw new TypeError("createSwitchboard: baseUrl is Switchboard's origin");
  if (typeof options.apiKey !== "string" || options.apiKey === "") throw new TypeError("createSwitchboard: apiKey is a host API key");
  const base = new URL(options.baseUrl);
  const send = options.fetch ?? globalThis.fetch;

  async function call<T>(method: "GET" | "POST" | "PUT", path: string, expected: number[], body?: unknown): Promise<{ status: number; data: T }> {
    const response = await send(new URL(path, base), {
      method,
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!expected.includes(response.status)) throw await failure(response);
    return { status: response.status, data: (await response.json()) as T };
  }

  const account = (accountId: string) => `/api/v1/accounts/${encodeURIComponent(accountId)}`;

  return {
    async createSession(body) {
      return (await call<ConnectSession>("POST", "/api/v1/connect-sessions", [201], body)).data;
    },
    async upsertAccount(accountId, body) {
      const { status, data } = await call<AccountResponse>("PUT", account(accountId), [200, 201], body);
      return { ...data, created: status === 201 };
    },
    async getConnectors(accountId, { refresh } = {}) {
      const query = refresh === undefined ? "" : `?refresh=${refresh}`;
      return (await call<AccountConnectors>("GET", `${account(accountId)}/connectors${query}`, [200])).data;
    },
    verifyWebhook,
  };
}
