import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CYCLR } from "@/lib/cyclr/provider";
import { ProviderError } from "./errors";
import * as transport from "./transport";

// Through Cyclr's name, so the messages read as an admin would see them.
const { retryDelay, withRetry } = transport;
const send = (url: string, init: RequestInit, timeoutMs: number) => transport.send(CYCLR, url, init, timeoutMs, "/test");
const readJson = (response: Response) => transport.readJson(CYCLR, response);

// A throwaway HTTP server (real sockets, no mocked fetch) for timeouts and status handling.
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/hang") return; // never answers
    if (req.url === "/slow-body") {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("[");
      return; // headers, then nothing
    }
    const status = Number(req.url?.slice(1)) || 200;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(req.url === "/200" ? "not json" : status === 204 ? undefined : JSON.stringify({ Message: "hi" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as ProviderError,
  );

describe("backoff", () => {
  it("doubles each time, with jitter in the upper half, up to the cap", () => {
    const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 300 };
    expect([1, 2, 3, 4].map((n) => retryDelay(policy, n, () => 0))).toEqual([50, 100, 150, 150]);
    expect([1, 2, 3].map((n) => retryDelay(policy, n, () => 1))).toEqual([100, 200, 300]);
  });

  it("retries transient failures only, up to the number of attempts", async () => {
    const policy = { attempts: 3, baseDelayMs: 1 };
    let calls = 0;
    const down = await failure(
      withRetry(policy, async () => {
        calls++;
        throw new ProviderError("Cyclr", "unavailable", "down");
      }),
    );
    expect(down?.code).toBe("unavailable");
    expect(calls).toBe(3);

    calls = 0;
    await failure(
      withRetry(policy, async () => {
        calls++;
        throw new ProviderError("Cyclr", "bad_request", "no");
      }),
    );
    expect(calls).toBe(1);

    calls = 0;
    const value = await withRetry(policy, async (attempt) => {
      calls++;
      if (attempt < 3) throw new ProviderError("Cyclr", "timeout", "slow");
      return "ok";
    });
    expect([value, calls]).toEqual(["ok", 3]);
  });
});

describe("send", () => {
  it("gives up after the timeout with a clear message", async () => {
    const started = Date.now();
    const error = await failure(send(`${base}/hang`, {}, 200));
    expect(error).toMatchObject({ code: "timeout", message: "Cyclr did not answer within 1 seconds. Try again in a moment." });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("also times out a body that never finishes", async () => {
    const response = await send(`${base}/slow-body`, {}, 300);
    expect(await failure(readJson(response))).toMatchObject({ code: "timeout" });
  });

  it("reports an unreachable host as unavailable", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await failure(send(`http://127.0.0.1:${port}/`, {}, 1000))).toMatchObject({
      code: "unavailable",
      message: "Cyclr cannot be reached right now. Try again in a moment.",
    });
  });

  it("throws transient statuses and hands back the rest", async () => {
    expect(await failure(send(`${base}/503`, {}, 1000))).toMatchObject({ code: "unavailable", status: 503 });
    expect(await failure(send(`${base}/429`, {}, 1000))).toMatchObject({ code: "unavailable", status: 429 });
    expect((await send(`${base}/404`, {}, 1000)).status).toBe(404);
    expect(await readJson(await send(`${base}/400`, {}, 1000))).toEqual({ Message: "hi" });
    expect(await readJson(await send(`${base}/204`, {}, 1000))).toBeNull();
    expect(await failure(readJson(await send(`${base}/200`, {}, 1000)))).toMatchObject({ code: "invalid_response" });
  });
});
