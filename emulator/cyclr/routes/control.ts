import { z } from "zod";
import { json, message, parseJson, route, type Reply, type Request, type Route } from "../../http";
import { DEFAULT_TOKEN_LIFETIME_SECONDS, type EmulatorState } from "../state";

// Control routes for tests, under /__emulator/ on the API origin. The app never calls them;
// they are neither counted nor subject to faults.

const faultSchema = z.object({
  method: z.string().min(1).optional(),
  path: z.string().startsWith("/"),
  account: z.string().min(1).optional(),
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  latencyMs: z.number().min(0).max(120_000).optional(),
  hold: z.boolean().optional(),
  times: z.number().int().positive().optional(),
});

const scenarioSchema = z.object({
  coop: z.boolean().optional(),
  /** Seconds new tokens live; null restores Cyclr's 14 days. */
  tokenLifetimeSeconds: z.number().positive().nullable().optional(),
});

const revokeSchema = z.object({ token: z.string().min(1).optional() });
const authenticatedSchema = z.object({ authenticated: z.boolean() });
const seedSchema = z.object({
  count: z.number().int().min(0).max(100_000),
  connectorsPerAccount: z.number().int().min(0).max(20).optional(),
});

/** Parses a JSON body with a schema; on failure, a 400 {Message} that names what is wrong. */
function parse<T>(schema: z.ZodType<T>, req: Request): { ok: true; data: T } | { ok: false; reply: Reply } {
  const result = schema.safeParse(parseJson(req.body));
  return result.success ? { ok: true, data: result.data } : { ok: false, reply: message(400, z.prettifyError(result.error)) };
}

export function controlRoutes(state: EmulatorState): Route[] {
  return [
    route("POST", "/__emulator/reset", () => {
      state.reset();
      return json(200, { ok: true });
    }),

    route("GET", "/__emulator/state", () => json(200, state.snapshot())),

    // Read-only: every access, refresh and sign-in token issued since the last reset.
    route("GET", "/__emulator/issued-tokens", () => json(200, state.issued)),

    route("POST", "/__emulator/faults", (req) => {
      const parsed = parse(faultSchema, req);
      if (!parsed.ok) return parsed.reply;
      const fault = parsed.data;
      state.faults.add(fault);
      return json(200, { faults: state.faults.size });
    }),

    // Lets held requests (faults with hold) go on, and says how many there were.
    route("POST", "/__emulator/release", () => json(200, { released: state.faults.release() })),

    route("DELETE", "/__emulator/faults", () => {
      state.faults.clear();
      return json(200, { faults: 0 });
    }),

    route("POST", "/__emulator/revoke-tokens", (req) => {
      const parsed = parse(revokeSchema, req);
      if (!parsed.ok) return parsed.reply;
      const body = parsed.data;
      state.revoke(body.token);
      return json(200, { ok: true });
    }),

    route("POST", "/__emulator/scenario", (req) => {
      const parsed = parse(scenarioSchema, req);
      if (!parsed.ok) return parsed.reply;
      const body = parsed.data;
      if (body.coop !== undefined) state.scenario.coop = body.coop;
      if (body.tokenLifetimeSeconds !== undefined) state.scenario.tokenLifetimeSeconds = body.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
      return json(200, state.scenario);
    }),

    // Drift: Cyclr's state changes without the app doing anything.
    route("POST", "/__emulator/accounts/{accountId}/connectors/{connectorId}/authenticated", (req) => {
      const parsed = parse(authenticatedSchema, req);
      if (!parsed.ok) return parsed.reply;
      const body = parsed.data;
      const connector = state.accountConnectors.get(Number(req.params.connectorId));
      if (!connector || connector.AccountId !== req.params.accountId) return message(404, "Account Connector not found.");
      connector.Authenticated = body.authenticated;
      if (!body.authenticated) connector.AuthValue = null;
      return json(200, { Id: connector.Id, AccountId: connector.AccountId, Authenticated: connector.Authenticated });
    }),

    route("POST", "/__emulator/seed-accounts", (req) => {
      const parsed = parse(seedSchema, req);
      if (!parsed.ok) return parsed.reply;
      const body = parsed.data;
      state.seedBulk(body.count, body.connectorsPerAccount ?? 5);
      return json(200, { accounts: state.accounts.size, accountConnectors: state.accountConnectors.size });
    }),
  ];
}
