import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys";
import { db } from "@/lib/db";
import { provideSettings } from "@/lib/env";
import { webhookDeliveries } from "@/lib/metrics";
import { truncateAll } from "@/testing/db";
import { deliverDue, type DispatchOptions } from "./dispatcher";
import { deliveryPage, sendTestEvent, setWebhook } from "./endpoints";

// Webhook receivers only on the public internet, with WEBHOOK_ALLOW_PRIVATE_RECEIVERS off:
// refused when saved, and refused again when a row saved earlier (while the setting was on)
// is delivered. A real HTTP server on this machine counts every connection it gets: none.
// The test environment turns the setting on for the other webhook tests; these turn it off.

const actor = { actorType: "SYSTEM" as const, actorId: null };
const fast: DispatchOptions = { baseDelayMs: 100, maxAttempts: 5, timeoutMs: 5000, leaseMs: 10_000, batchSize: 50 };

function allowPrivateReceivers(allowed: boolean): void {
  process.env.WEBHOOK_ALLOW_PRIVATE_RECEIVERS = String(allowed);
  provideSettings({}); // settings are read again on next use
}

/** A receiver on every local address (IPv4 and IPv6), counting connections as well as requests. */
async function localReceiver() {
  let connections = 0;
  let requests = 0;
  const server: Server = createServer((_request, response) => {
    requests++;
    response.writeHead(200).end("ok");
  });
  server.on("connection", () => connections++);
  server.listen(0, "::");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    heard: () => ({ connections, requests }),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** At least fifteen targets an admin might type; `port` is the local receiver's. */
const targets = (port: number): [url: string, words: string][] => [
  [`http://127.0.0.1:${port}/hooks`, "a loopback address (127.0.0.1)"],
  [`http://127.1:${port}/hooks`, "a loopback address (127.0.0.1)"],
  [`http://[::1]:${port}/hooks`, "a loopback address (::1)"],
  [`http://[::ffff:127.0.0.1]:${port}/hooks`, "a loopback address (::ffff:7f00:1, that is 127.0.0.1)"],
  [`https://0.0.0.0:${port}/hooks`, "an unspecified address (0.0.0.0)"],
  [`https://10.1.2.3:${port}/hooks`, "a private address (10.1.2.3)"],
  [`https://172.16.0.1:${port}/hooks`, "a private address (172.16.0.1)"],
  [`https://172.31.255.255:${port}/hooks`, "a private address (172.31.255.255)"],
  [`https://192.168.1.1:${port}/hooks`, "a private address (192.168.1.1)"],
  [`https://169.254.169.254:${port}/latest/meta-data/`, "a cloud metadata address (169.254.169.254)"],
  [`https://100.64.0.1:${port}/hooks`, "a shared (carrier-grade NAT) address (100.64.0.1)"],
  [`https://[fd00::1]:${port}/hooks`, "a private address (fd00::1)"],
  [`https://[fe80::1]:${port}/hooks`, "a link-local address (fe80::1)"],
  [`http://2130706433:${port}/hooks`, "a loopback address (127.0.0.1)"],
  [`http://0x7f.1:${port}/hooks`, "a loopback address (127.0.0.1)"],
  [`http://localhost:${port}/hooks`, "resolves to a loopback address (127.0.0.1)"],
  // A name (not an address) that the system resolver answers with loopback.
  [`https://localhost:${port}/hooks`, "The host localhost resolves to a loopback address"],
];

const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  await truncateAll();
  allowPrivateReceivers(false);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  allowPrivateReceivers(true);
});

const refusedCount = async () => (await webhookDeliveries.get()).values.find((value) => value.labels.outcome === "refused")?.value ?? 0;

describe("webhook receivers only on the public internet", () => {
  it("refuses each private, loopback, link-local, CGNAT and metadata target when it is saved, naming why, and saves nothing", async () => {
    const local = await localReceiver();
    cleanups.push(local.close);
    const { apiKey } = await createApiKey("host backend");
    for (const [url, words] of targets(local.port)) {
      const refused = await setWebhook(apiKey.id, url, actor).then(
        () => null,
        (error: unknown) => error as { code: string; message: string },
      );
      expect(refused, url).toMatchObject({ code: "bad_request", message: expect.stringContaining(words) });
      expect(refused!.message).toMatch(/^Webhook URL: The host .* webhooks go only to public internet addresses/);
    }
    expect(await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).toMatchObject({ webhookUrl: null, sealedWebhookSecret: null });
    expect(local.heard()).toEqual({ connections: 0, requests: 0 });
    // A public address is accepted (the check resolves nothing for a literal: no network).
    await expect(setWebhook(apiKey.id, "https://93.184.216.34/hooks", actor)).resolves.toMatchObject({ url: "https://93.184.216.34/hooks" });
  });

  it("refuses at delivery what was saved while private receivers were allowed: failed at once with the reason, never retried, nothing sent", async () => {
    const local = await localReceiver();
    cleanups.push(local.close);
    const table = targets(local.port);
    allowPrivateReceivers(true);
    const keys: string[] = [];
    for (const [index, [url]] of table.entries()) {
      const { apiKey } = await createApiKey(`target ${index}`);
      await setWebhook(apiKey.id, url, actor);
      await sendTestEvent(apiKey.id, actor);
      keys.push(apiKey.id);
    }
    allowPrivateReceivers(false);
    const before = await refusedCount();

    expect(await deliverDue(fast)).toMatchObject({ claimed: table.length, delivered: 0, retrying: 0, failed: table.length, refused: table.length });
    expect(local.heard()).toEqual({ connections: 0, requests: 0 });
    expect(await refusedCount()).toBe(before + table.length);

    const { rows } = await deliveryPage();
    for (const [index, [url, words]] of table.entries()) {
      const row = await db().webhookDelivery.findFirstOrThrow({ where: { apiKeyId: keys[index] } });
      expect(row, url).toMatchObject({ status: "FAILED", lastStatusCode: null, lastError: expect.stringContaining(words) });
      expect(row.lastError).toMatch(/^Not sent: The host /);
      // The console's delivery log shows it, with the reason.
      const saved = await db().apiKey.findUniqueOrThrow({ where: { id: keys[index] } });
      expect(rows.find((shown) => shown.id === row.id)).toMatchObject({ status: "FAILED", url: saved.webhookUrl, lastError: row.lastError });
    }
    // Not retried: the next round has nothing to send.
    expect(await deliverDue(fast)).toMatchObject({ claimed: 0 });
    expect(local.heard()).toEqual({ connections: 0, requests: 0 });
  });

  it("Send test event to a URL saved earlier says at once why it cannot go, and queues nothing", async () => {
    allowPrivateReceivers(true);
    const { apiKey } = await createApiKey("host backend");
    await setWebhook(apiKey.id, "https://169.254.169.254/latest/meta-data/", actor);
    allowPrivateReceivers(false);
    await expect(sendTestEvent(apiKey.id, actor)).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringContaining("The host 169.254.169.254 is a cloud metadata address (169.254.169.254)"),
    });
    expect(await db().webhookDelivery.count()).toBe(0);
  });

  it("a name that resolved to a public address when saved but to loopback now is refused at delivery", async () => {
    const local = await localReceiver();
    cleanups.push(local.close);
    const { apiKey } = await createApiKey("host backend");
    await setWebhook(apiKey.id, "https://93.184.216.34/hooks", actor);
    await sendTestEvent(apiKey.id, actor);
    // As if the receiver's DNS had been pointed at this machine since.
    await db().apiKey.update({ where: { id: apiKey.id }, data: { webhookUrl: `https://hooks.rebound.test:${local.port}/hooks` } });
    const rebound = async () => [{ address: "127.0.0.1", family: 4 }];

    expect(await deliverDue({ ...fast, resolve: rebound })).toMatchObject({ claimed: 1, failed: 1, refused: 1 });
    expect(await db().webhookDelivery.findFirstOrThrow()).toMatchObject({
      status: "FAILED",
      lastError: expect.stringContaining("The host hooks.rebound.test resolves to a loopback address (127.0.0.1)"),
    });
    expect(local.heard()).toEqual({ connections: 0, requests: 0 });
  });

  it("a name that does not resolve at delivery is retried like an unreachable receiver, not refused", async () => {
    const { apiKey } = await createApiKey("host backend");
    await setWebhook(apiKey.id, "https://93.184.216.34/hooks", actor);
    await sendTestEvent(apiKey.id, actor);
    await db().apiKey.update({ where: { id: apiKey.id }, data: { webhookUrl: "https://gone.invalid/hooks" } });
    const nowhere = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND gone.invalid"), { code: "ENOTFOUND" });
    };
    expect(await deliverDue({ ...fast, resolve: nowhere })).toMatchObject({ claimed: 1, retrying: 1, refused: 0 });
    expect(await db().webhookDelivery.findFirstOrThrow()).toMatchObject({
      status: "PENDING",
      attempts: 1,
      lastError: "Could not reach the webhook URL: The host gone.invalid could not be resolved (ENOTFOUND).",
    });
  });

  it("with WEBHOOK_ALLOW_PRIVATE_RECEIVERS=true a localhost receiver is saved and delivered to", async () => {
    const local = await localReceiver();
    cleanups.push(local.close);
    allowPrivateReceivers(true);
    const { apiKey } = await createApiKey("host backend");
    await setWebhook(apiKey.id, `http://localhost:${local.port}/hooks`, actor);
    await sendTestEvent(apiKey.id, actor);
    expect(await deliverDue(fast)).toMatchObject({ claimed: 1, delivered: 1, refused: 0 });
    expect(local.heard().requests).toBe(1);
  });
});
