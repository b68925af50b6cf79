import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { LookupAddress } from "node:dns";
import type { AddressInfo } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { checkReceiverUrl, classifyAddress, pinnedLookup, sendToReceiver, type ReceiverCheck, type Resolver } from "./receiver-address";

// The receiver-address rule without a network: names are answered by injected resolvers,
// and the only servers are on this machine's loopback addresses.

/** A resolver answering each name from a table; a list of answers is used one per call (a rebinding DNS). */
function resolver(table: Record<string, string[] | string[][]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const answer: Resolver = async (hostname) => {
    calls.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    const addresses =
      (Array.isArray(entry[0]) ? (entry as string[][])[Math.min(calls.filter((c) => c === hostname).length - 1, entry.length - 1)]! : (entry as string[])) ??
      [];
    return addresses.map((address): LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(answer, { calls });
}

const off = { allowPrivate: false };

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "a loopback address"],
    ["127.255.255.254", "a loopback address"],
    ["::1", "a loopback address"],
    ["::ffff:127.0.0.1", "a loopback address"],
    ["::ffff:7f00:1", "a loopback address"],
    ["0.0.0.0", "an unspecified address"],
    ["0.1.2.3", "an unspecified address"],
    ["::", "an unspecified address"],
    ["10.1.2.3", "a private address"],
    ["172.16.0.1", "a private address"],
    ["172.31.255.255", "a private address"],
    ["192.168.1.1", "a private address"],
    ["fd00::1", "a private address"],
    ["fc12:3456::1", "a private address"],
    ["::ffff:10.0.0.5", "a private address"],
    ["64:ff9b::a00:5", "a private address"], // NAT64 of 10.0.0.5
    ["2002:c0a8:101::1", "a private address"], // 6to4 of 192.168.1.1
    ["169.254.169.254", "a cloud metadata address"],
    ["fd00:ec2::254", "a cloud metadata address"],
    ["169.254.1.1", "a link-local address"],
    ["fe80::1", "a link-local address"],
    ["fe80::1%eth0", "a link-local address"],
    ["100.64.0.1", "a shared (carrier-grade NAT) address"],
    ["100.127.255.255", "a shared (carrier-grade NAT) address"],
    ["224.0.0.1", "a multicast address"],
    ["ff02::1", "a multicast address"],
    ["255.255.255.255", "a broadcast address"],
    ["240.0.0.1", "a special-purpose address"],
    ["192.0.0.8", "a special-purpose address"],
    ["2001::1", "a special-purpose address"], // Teredo
    ["192.0.2.10", "a documentation address"],
    ["198.51.100.7", "a documentation address"],
    ["203.0.113.9", "a documentation address"],
    ["2001:db8::1", "a documentation address"],
    ["198.18.0.1", "a benchmarking address"],
    ["198.19.255.255", "a benchmarking address"],
    ["::0102:0304", "a reserved address"], // IPv4-compatible, deprecated
    ["100::1", "a special-purpose address"], // discard-only
  ])("%s is %s", (address, words) => {
    expect(classifyAddress(address)).toMatchObject({ words });
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700::1111",
    "2a00:1450:4001:82b::200e",
    "::ffff:93.184.216.34",
    "64:ff9b::5db8:d822",
    "2002:5db8:d822::1",
  ])("%s is public", (address) => {
    expect(classifyAddress(address)).toBeNull();
  });
});

describe("checkReceiverUrl", () => {
  const names = resolver({
    "loopback.test": ["127.0.0.1"],
    "mixed.test": ["93.184.216.34", "10.0.0.5"],
    "mapped.test": ["::ffff:127.0.0.1"],
    "hooks.example.com": ["93.184.216.34", "2606:4700::1111"],
    localhost: ["127.0.0.1", "::1"],
  });

  // At least fifteen targets, as an admin could type them; every one refused, naming why.
  it.each([
    ["https://127.0.0.1/hooks", "loopback"],
    ["http://127.1/hooks", "loopback"],
    ["http://[::1]:8080/hooks", "loopback"],
    ["https://[::ffff:127.0.0.1]/hooks", "loopback"],
    ["https://0.0.0.0/hooks", "unspecified"],
    ["https://10.1.2.3/hooks", "private"],
    ["https://172.16.0.1/hooks", "private"],
    ["https://172.31.255.255/hooks", "private"],
    ["https://192.168.1.1/hooks", "private"],
    ["https://169.254.169.254/latest/meta-data/", "cloud metadata"],
    ["https://[fd00:ec2::254]/", "cloud metadata"],
    ["https://100.64.0.1/hooks", "carrier-grade NAT"],
    ["https://[fd00::1]/hooks", "private"],
    ["https://[fe80::1]/hooks", "link-local"],
    ["http://2130706433/hooks", "loopback"],
    ["http://0x7f.1/hooks", "loopback"],
    ["http://017700000001/hooks", "loopback"],
    ["http://localhost:3100/webhooks", "loopback"],
    ["https://loopback.test/hooks", "loopback"],
    ["https://mapped.test/hooks", "loopback"],
    ["https://mixed.test/hooks", "private"], // one public answer does not make up for a private one
    ["https://224.0.0.1/hooks", "multicast"],
    ["https://255.255.255.255/hooks", "broadcast"],
    ["https://198.18.0.1/hooks", "benchmarking"],
    ["https://[2002:7f00:1::]/hooks", "loopback"], // 6to4 of 127.0.0.1
    ["https://[64:ff9b::a9fe:a9fe]/hooks", "cloud metadata"], // NAT64 of 169.254.169.254
  ])("refuses %s (%s)", async (url, words) => {
    const checked = await checkReceiverUrl(url, { ...off, resolve: names });
    expect(checked).toMatchObject({ ok: false, reason: "refused" });
    expect((checked as { message: string }).message).toContain(words);
  });

  it("names the class and the address in words", async () => {
    expect(await checkReceiverUrl("https://mixed.test/hooks", { ...off, resolve: names })).toMatchObject({
      message: expect.stringMatching(/^The host mixed\.test resolves to a private address \(10\.0\.0\.5\): webhooks go only to public internet addresses/),
    });
    expect(await checkReceiverUrl("https://[::ffff:127.0.0.1]/x", off)).toMatchObject({
      message: expect.stringContaining("is a loopback address (::ffff:7f00:1, that is 127.0.0.1)"),
    });
  });

  it("accepts public addresses and names that resolve only to them, without asking DNS for a literal", async () => {
    const none = resolver({});
    for (const url of ["https://93.184.216.34/hooks", "https://[2606:4700::1111]/hooks", "https://[::ffff:93.184.216.34]/x"]) {
      expect(await checkReceiverUrl(url, { ...off, resolve: none })).toMatchObject({ ok: true });
    }
    expect(none.calls).toEqual([]);
    const checked = await checkReceiverUrl("https://hooks.example.com/switchboard", { ...off, resolve: names });
    expect(checked).toMatchObject({
      ok: true,
      addresses: [
        { address: "93.184.216.34", family: 4 },
        { address: "2606:4700::1111", family: 6 },
      ],
    });
  });

  it("with private receivers allowed, loopback and private receivers pass; the URL's form is still checked", async () => {
    const on = { allowPrivate: true, resolve: names };
    for (const url of ["http://localhost:3100/webhooks", "http://127.0.0.1:9/x", "https://10.1.2.3/x", "https://loopback.test/x"]) {
      expect(await checkReceiverUrl(url, on)).toMatchObject({ ok: true });
    }
    for (const url of [
      "http://example.com/hooks",
      "http://10.1.2.3/x",
      "ftp://example.com/x",
      "https://user:pw@example.com/x",
      "not a url",
      "https://a.test/#x",
    ]) {
      expect(await checkReceiverUrl(url, on)).toMatchObject({ ok: false, reason: "invalid" });
    }
  });

  it("a name that does not resolve is unresolvable, not refused", async () => {
    expect(await checkReceiverUrl("https://nowhere.test/x", { ...off, resolve: names })).toMatchObject({
      ok: false,
      reason: "unresolvable",
      message: "The host nowhere.test could not be resolved (ENOTFOUND).",
    });
  });
});

type Seen = { host: string | undefined; headers: IncomingHttpHeaders };

async function listen(server: Server, address: string, port = 0): Promise<number> {
  server.listen(port, address);
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

function counting(): { server: Server; seen: Seen[] } {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    seen.push({ host: request.headers.host, headers: request.headers });
    response.writeHead(200).end("ok");
  });
  closing.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return { server, seen };
}

const post = { method: "POST" as const, headers: { "content-type": "application/json" }, body: "{}" };
const statusOf = (target: Extract<ReceiverCheck, { ok: true }>) => sendToReceiver(target, post, 5000, async (answer) => answer.status);

describe("sendToReceiver: the connection goes to the address that was checked", () => {
  it("a name answering 127.0.0.2 first and 127.0.0.1 next: the requests reach 127.0.0.2, and DNS is asked once", async () => {
    const first = counting();
    const port = await listen(first.server, "127.0.0.2");
    const second = counting();
    await listen(second.server, "127.0.0.1", port);
    // "localhost" (plain http is allowed for it), answered by a rebinding resolver.
    const rebinding = resolver({ localhost: [["127.0.0.2"], ["127.0.0.1"]] });

    const target = await checkReceiverUrl(`http://localhost:${port}/hooks`, { allowPrivate: true, resolve: rebinding });
    expect(target).toMatchObject({ ok: true, addresses: [{ address: "127.0.0.2" }] });
    const checked = target as Extract<ReceiverCheck, { ok: true }>;
    expect(await statusOf(checked)).toBe(200);
    expect(await statusOf(checked)).toBe(200);

    expect(first.seen).toHaveLength(2);
    expect(first.seen[0]!.host).toBe(`localhost:${port}`); // Host stays the URL's name
    expect(second.seen).toHaveLength(0);
    expect(rebinding.calls).toEqual(["localhost"]);
  });

  it("a name answering a public address first and loopback next: the checked public address is the only answer the socket gets", async () => {
    const rebinding = resolver({ "rebind.test": [["93.184.216.34"], ["127.0.0.1"]] });
    const target = await checkReceiverUrl("https://rebind.test/hooks", { allowPrivate: false, resolve: rebinding });
    expect(target).toMatchObject({ ok: true, addresses: [{ address: "93.184.216.34", family: 4 }] });
    const lookup = pinnedLookup((target as Extract<ReceiverCheck, { ok: true }>).addresses);
    // What node:net asks when it connects (one address, or all of them for happy eyeballs).
    const one = await new Promise((resolve) => lookup("rebind.test", {}, (_error, address, family) => resolve({ address, family })));
    const all = await new Promise((resolve) => lookup("rebind.test", { all: true }, (_error, addresses) => resolve(addresses)));
    const ipv6 = await new Promise((resolve) => lookup("rebind.test", { family: 6 }, (error) => resolve((error as { code?: string } | null)?.code)));
    expect(one).toEqual({ address: "93.184.216.34", family: 4 });
    expect(all).toEqual([{ address: "93.184.216.34", family: 4 }]);
    expect(ipv6).toBe("ENOTFOUND");
    expect(rebinding.calls).toEqual(["rebind.test"]);
  });

  it("https keeps the URL's name as the TLS server name while connecting to the checked address", async () => {
    const names: string[] = [];
    const tls = createTlsServer({
      SNICallback: (servername, callback) => {
        names.push(servername);
        callback(new Error("no certificate here"), undefined);
      },
    });
    closing.push(() => new Promise<void>((resolve) => tls.close(() => resolve())));
    tls.listen(0, "127.0.0.2");
    await once(tls, "listening");
    const port = (tls.address() as AddressInfo).port;
    const target = await checkReceiverUrl(`https://hooks.rebind.test:${port}/x`, {
      allowPrivate: true,
      resolve: resolver({ "hooks.rebind.test": ["127.0.0.2"] }),
    });
    await expect(statusOf(target as Extract<ReceiverCheck, { ok: true }>)).rejects.toThrow();
    expect(names).toEqual(["hooks.rebind.test"]);
  });

  it("does not follow a redirect: the 3xx is the answer and its Location hears nothing", async () => {
    const elsewhere = counting();
    const elsewherePort = await listen(elsewhere.server, "127.0.0.1");
    const redirecting = createServer((_request, response) => response.writeHead(307, { location: `http://127.0.0.1:${elsewherePort}/` }).end());
    closing.push(() => new Promise<void>((resolve) => (redirecting.closeAllConnections(), redirecting.close(() => resolve()))));
    const port = await listen(redirecting, "127.0.0.1");
    const target = await checkReceiverUrl(`http://127.0.0.1:${port}/hooks`, { allowPrivate: true });
    expect(await statusOf(target as Extract<ReceiverCheck, { ok: true }>)).toBe(307);
    expect(elsewhere.seen).toHaveLength(0);
  });
});
