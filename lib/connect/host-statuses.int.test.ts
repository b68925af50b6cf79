import { beforeEach, describe, expect, it } from "vitest";
import { emulatorCall, resetEmulator, truncateAll } from "@/testing/db";
import { connectWithCredentials } from "./credentials";
import { accountStatuses } from "./host-statuses";
import { createConnectSession, requireSession } from "./sessions";

// Integration: what the host API's GET /api/v1/accounts/<id>/connectors returns, against a
// real PostgreSQL and the Cyclr emulator.

type Calls = { calls: Record<string, number> };
const connectorListCalls = async () => (await emulatorCall<Calls>("state")).calls["GET /v1.0/account/connectors"] ?? 0;

beforeEach(async () => {
  await truncateAll();
  await resetEmulator();
});

describe("host API statuses", () => {
  it("reads an account new to Switchboard from Cyclr, then answers from Postgres until asked to refresh", async () => {
    const first = await accountStatuses("acme-corp");
    expect(first.refreshed).toBe(true);
    expect(first.account).toEqual({ id: "acme-corp", name: expect.any(String) });
    expect(first.connectors.length).toBeGreaterThan(3);
    expect(first.connectors.every((c) => c.status === "NOT_CONNECTED")).toBe(true);

    const calls = await connectorListCalls();
    const second = await accountStatuses("acme-corp");
    expect(second.refreshed).toBe(false);
    expect(await connectorListCalls()).toBe(calls);
    expect(second.connectors).toEqual(first.connectors.map((c) => ({ ...c, lastCheckedAt: expect.any(String) })));
  });

  it("shows a connection at once, and a deauthentication at Cyclr after a refresh", async () => {
    const { token } = await createConnectSession({ accountId: "acme-corp", userId: "u1" }, null);
    const session = await requireSession(token);
    const mailchimp = (await accountStatuses("acme-corp")).connectors.find((c) => c.authType === "ApiKey" && !c.name.includes("<"))!;
    await connectWithCredentials(session, mailchimp.id, { kind: "apiKey", apiKey: "k" });
    expect((await accountStatuses("acme-corp")).connectors.find((c) => c.id === mailchimp.id)).toMatchObject({
      status: "CONNECTED",
      authenticatedAt: expect.any(String),
    });

    const state = await emulatorCall<{ accountConnectors: { Id: number; AccountId: string; Name: string }[] }>("state");
    const remote = state.accountConnectors.find((c) => c.AccountId === "acme-corp" && c.Name === mailchimp.name)!;
    await emulatorCall(`accounts/acme-corp/connectors/${remote.Id}/authenticated`, { body: { authenticated: false } });
    expect((await accountStatuses("acme-corp")).connectors.find((c) => c.id === mailchimp.id)?.status).toBe("CONNECTED");
    expect((await accountStatuses("acme-corp", { refresh: true })).connectors.find((c) => c.id === mailchimp.id)?.status).toBe("DISCONNECTED");
  });

  it("an account Cyclr does not know is not found", async () => {
    await expect(accountStatuses("no-such-account")).rejects.toMatchObject({ code: "not_found" });
  });
});
