import { describe, expect, it } from "vitest";
import type { CyclrAccountConnector } from "@/lib/cyclr/schemas";
import type { AccountConnector } from "@/lib/generated/prisma/client";
import { planConnectorChanges, reconcileStatus } from "./connector-writes";

// The rules of the one write path, without a database: what each kind of change does to
// the rows, which audit events and which webhooks it makes.

const ACCOUNT = "00000000-0000-4000-8000-00000000000a";
const earlier = new Date("2026-11-30T10:00:00Z");
const now = new Date("2026-12-01T10:00:00Z");

let next = 0;
const row = (overrides: Partial<AccountConnector> = {}): AccountConnector => {
  next++;
  return {
    id: `00000000-0000-4000-8000-${String(next).padStart(12, "0")}`,
    accountId: ACCOUNT,
    cyclrAccountConnectorId: String(100 + next),
    name: "Salesforce",
    connectorId: "5001",
    connectorName: "Salesforce",
    connectorIcon: null,
    authType: "OAuth2",
    status: "NOT_CONNECTED",
    authenticatedAt: null,
    lastCheckedAt: earlier,
    retiredAt: null,
    createdAt: earlier,
    updatedAt: earlier,
    ...overrides,
  };
};

/** What Cyclr would say about a row, with changes. */
const remote = (of: AccountConnector, overrides: Partial<CyclrAccountConnector> = {}): CyclrAccountConnector =>
  ({
    id: of.cyclrAccountConnectorId,
    name: of.name,
    description: null,
    authenticated: of.status === "CONNECTED",
    connector: { id: of.connectorId, name: of.connectorName, icon: of.connectorIcon, authType: of.authType, version: null },
    ...overrides,
  }) as CyclrAccountConnector;

describe("reconcileStatus", () => {
  it("trusts Cyclr's Authenticated flag and records a drift from Connected", () => {
    expect(reconcileStatus("NOT_CONNECTED", true)).toEqual({ status: "CONNECTED", drifted: false });
    expect(reconcileStatus("CONNECTED", false)).toEqual({ status: "DISCONNECTED", drifted: true });
    expect(reconcileStatus("FAILED", false)).toEqual({ status: "FAILED", drifted: false });
    expect(reconcileStatus("NOT_CONNECTED", false)).toEqual({ status: "NOT_CONNECTED", drifted: false });
  });
});

describe("planConnectorChanges", () => {
  it("only checks a connector Cyclr describes as it is: no update, event or webhook", () => {
    const same = row();
    const plan = planConnectorChanges([same], [{ kind: "observed", accountId: ACCOUNT, remote: [remote(same)], complete: false }], now);
    expect(plan).toMatchObject({ creates: [], updates: [], checked: [same.id], events: [], webhooks: [], syncedAccounts: [] });
  });

  it("creates connectors Cyclr lists for the first time, connected as Cyclr says, without events", () => {
    const template = row({ status: "CONNECTED" });
    const plan = planConnectorChanges([], [{ kind: "observed", accountId: ACCOUNT, remote: [remote(template)], complete: true }], now);
    expect(plan.creates).toEqual([
      expect.objectContaining({ cyclrAccountConnectorId: template.cyclrAccountConnectorId, status: "CONNECTED", authenticatedAt: now, lastCheckedAt: now }),
    ]);
    expect(plan.events).toEqual([]);
    expect(plan.webhooks).toEqual([]);
    expect(plan.syncedAccounts).toEqual([ACCOUNT]);
  });

  it("turns Connected into Disconnected when Cyclr no longer calls it authenticated: a drift event and a webhook", () => {
    const connected = row({ status: "CONNECTED", authenticatedAt: earlier });
    const plan = planConnectorChanges(
      [connected],
      [{ kind: "observed", accountId: ACCOUNT, remote: [remote(connected, { authenticated: false })], complete: false }],
      now,
    );
    expect(plan.updates).toEqual([expect.objectContaining({ id: connected.id, status: "DISCONNECTED", authenticatedAt: earlier, lastCheckedAt: now })]);
    expect(plan.events).toEqual([
      expect.objectContaining({
        type: "connector.disconnected",
        outcome: "info",
        actorType: "SYSTEM",
        accountConnectorId: connected.id,
        message: "Cyclr reports Salesforce is no longer authenticated",
      }),
    ]);
    expect(plan.webhooks.map((webhook) => [webhook.type, webhook.connector.status])).toEqual([["connector.disconnected", "DISCONNECTED"]]);
  });

  it("follows a rename and a newly authenticated connector, keeping the first authentication time", () => {
    const renamed = row();
    const plan = planConnectorChanges(
      [renamed],
      [{ kind: "observed", accountId: ACCOUNT, remote: [remote(renamed, { name: "Sales CRM", authenticated: true })], complete: false }],
      now,
    );
    expect(plan.updates).toEqual([expect.objectContaining({ name: "Sales CRM", status: "CONNECTED", authenticatedAt: now })]);
    expect(plan.webhooks.map((webhook) => webhook.type)).toEqual(["connector.connected"]);
  });

  it("retires what a complete listing leaves out, and brings back what it lists again", () => {
    const listed = row({ retiredAt: earlier });
    const gone = row();
    const plan = planConnectorChanges([listed, gone], [{ kind: "observed", accountId: ACCOUNT, remote: [remote(listed)], complete: true }], now);
    expect(plan.updates).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: listed.id, retiredAt: null }), expect.objectContaining({ id: gone.id, retiredAt: now })]),
    );
    expect(plan.updates).toHaveLength(2);
    // A listing that is not complete retires nothing.
    expect(planConnectorChanges([listed, gone], [{ kind: "observed", accountId: ACCOUNT, remote: [remote(listed)], complete: false }], now).updates).toEqual([
      expect.objectContaining({ id: listed.id, retiredAt: null }),
    ]);
  });

  it("retires every connector of a retired account as it was left, with no webhook", () => {
    const connected = row({ status: "CONNECTED" });
    const plan = planConnectorChanges([connected], [{ kind: "retired", accountId: ACCOUNT }], now);
    expect(plan.updates).toEqual([expect.objectContaining({ id: connected.id, status: "CONNECTED", retiredAt: now })]);
    expect(plan.webhooks).toEqual([]);
  });

  it("connects and disconnects with a webhook only when the status changes", () => {
    const idle = row();
    const connected = planConnectorChanges([idle], [{ kind: "connected", connectorId: idle.id }], now);
    expect(connected.updates).toEqual([expect.objectContaining({ status: "CONNECTED", authenticatedAt: now, lastCheckedAt: now })]);
    expect(connected.webhooks.map((webhook) => webhook.type)).toEqual(["connector.connected"]);

    const already = row({ status: "CONNECTED", authenticatedAt: earlier });
    expect(planConnectorChanges([already], [{ kind: "connected", connectorId: already.id }], now).webhooks).toEqual([]);

    const disconnected = planConnectorChanges([already], [{ kind: "disconnected", connectorId: already.id }], now);
    expect(disconnected.updates).toEqual([expect.objectContaining({ status: "DISCONNECTED", authenticatedAt: earlier })]);
    expect(disconnected.webhooks.map((webhook) => webhook.type)).toEqual(["connector.disconnected"]);
  });

  it("tells the host about a failure every time, and marks the connector failed only when asked", () => {
    const idle = row();
    const refused = planConnectorChanges([idle], [{ kind: "failed", connectorId: idle.id, error: "Refused", markFailed: true }], now);
    expect(refused.updates).toEqual([expect.objectContaining({ status: "FAILED" })]);
    expect(refused.webhooks).toEqual([
      expect.objectContaining({ type: "connector.failed", error: "Refused", connector: expect.objectContaining({ status: "FAILED" }) }),
    ]);

    const notConfirmed = planConnectorChanges([idle], [{ kind: "failed", connectorId: idle.id, error: "Not confirmed", markFailed: false }], now);
    expect(notConfirmed.updates).toEqual([]);
    expect(notConfirmed.webhooks).toEqual([
      expect.objectContaining({ type: "connector.failed", connector: expect.objectContaining({ status: "NOT_CONNECTED" }) }),
    ]);
  });
});
