import "server-only";
import { promises as dns, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

// Where a webhook may be sent: only to the public internet. A receiver URL is checked when
// it is saved and again at every delivery: its host is resolved, and the URL is refused when
// ANY address it resolves to is loopback, private, link-local, shared (CGNAT), a cloud
// metadata address or another special-purpose range (otherwise an admin, or a stolen admin
// session, could use "Send test event" to reach this machine's or its network's services).
// A delivery then connects to exactly the addresses that were checked (the socket's lookup
// answers them, the name is not asked again), so the name cannot be rebound to another
// address between the check and the connection; TLS SNI and Host stay the URL's name.
// WEBHOOK_ALLOW_PRIVATE_RECEIVERS lifts the address rule for local development.

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Every address a host name resolves to (dns.lookup with all: true, by default). */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true });

// The ranges refused, from IANA's IPv4 and IPv6 Special-Purpose Address Registries
// (https://www.iana.org/assignments/iana-ipv4-special-registry/,
// https://www.iana.org/assignments/iana-ipv6-special-registry/) and RFC 6890, plus multicast,
// 240/4, deprecated site-local and the cloud metadata endpoints. The first class that
// matches names the refusal, so narrower ranges come before the ranges holding them.
// Ranges the registries call globally reachable (AS112, AMT) stay allowed.
const classes: [words: string, ranges: [network: string, prefix: number][]][] = [
  // AWS, GCP, Azure, OpenStack (IPv4) and AWS Nitro (IPv6) instance metadata.
  [
    "a cloud metadata address",
    [
      ["169.254.169.254", 32],
      ["fd00:ec2::254", 128],
    ],
  ],
  ["a broadcast address", [["255.255.255.255", 32]]],
  [
    "a loopback address",
    [
      ["127.0.0.0", 8],
      ["::1", 128],
    ],
  ],
  [
    "an unspecified address",
    [
      ["0.0.0.0", 8],
      ["::", 128],
    ],
  ], // "this network" (RFC 791) and ::
  [
    "a private address",
    [
      ["10.0.0.0", 8],
      ["172.16.0.0", 12],
      ["192.168.0.0", 16],
      ["fc00::", 7], // unique local (RFC 4193)
      ["fec0::", 10], // site-local, deprecated (RFC 3879)
      ["64:ff9b:1::", 48], // local-use IPv4/IPv6 translation (RFC 8215)
    ],
  ],
  [
    "a link-local address",
    [
      ["169.254.0.0", 16],
      ["fe80::", 10],
    ],
  ],
  ["a shared (carrier-grade NAT) address", [["100.64.0.0", 10]]], // RFC 6598
  [
    "a multicast address",
    [
      ["224.0.0.0", 4],
      ["ff00::", 8],
    ],
  ],
  [
    "a documentation address",
    [
      ["192.0.2.0", 24],
      ["198.51.100.0", 24],
      ["203.0.113.0", 24],
      ["2001:db8::", 32],
      ["3fff::", 20], // RFC 9637
    ],
  ],
  [
    "a benchmarking address",
    [
      ["198.18.0.0", 15],
      ["2001:2::", 48],
    ],
  ],
  [
    "a special-purpose address",
    [
      ["192.0.0.0", 24], // IETF protocol assignments
      ["192.88.99.0", 24], // 6to4 relay anycast, deprecated
      ["240.0.0.0", 4], // reserved
      ["2001::", 23], // IETF protocol assignments, Teredo (2001::/32) among them
      ["100::", 64], // discard-only
      ["5f00::", 16], // SRv6 SIDs (RFC 9602)
    ],
  ],
];

const blockLists = classes.map(([words, ranges]) => {
  const list = new BlockList();
  for (const [network, prefix] of ranges) list.addSubnet(network, prefix, isIP(network) === 6 ? "ipv6" : "ipv4");
  return { words, list };
});

// IPv6 outside global unicast (2000::/3) and the classes above is reserved by the IETF.
const globalUnicast = new BlockList();
globalUnicast.addSubnet("2000::", 3, "ipv6");
const embedding = new BlockList();
embedding.addSubnet("::ffff:0:0", 96, "ipv6"); // IPv4-mapped
embedding.addSubnet("64:ff9b::", 96, "ipv6"); // NAT64, well-known prefix (RFC 6052)
const sixToFour = new BlockList();
sixToFour.addSubnet("2002::", 16, "ipv6"); // 6to4: the IPv4 address follows the prefix (RFC 3056)

/** The eight 16-bit groups of a valid IPv6 address (a trailing dotted IPv4 part included). */
function groups(address: string): number[] {
  let text = address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${(a * 256 + b).toString(16)}:${(c * 256 + d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const first = head ? head.split(":") : [];
  const last = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - first.length - last.length).fill("0");
  return [...first, ...zeros, ...last].map((group) => parseInt(group, 16));
}

const ipv4From = (high: number, low: number) => [high >> 8, high & 255, low >> 8, low & 255].join(".");

/** The IPv4 address an IPv6 one carries (IPv4-mapped, NAT64, 6to4), if it is one of those forms. */
function embeddedIpv4(address: string): string | null {
  if (embedding.check(address, "ipv6")) {
    const g = groups(address);
    return ipv4From(g[6]!, g[7]!);
  }
  if (sixToFour.check(address, "ipv6")) {
    const g = groups(address);
    return ipv4From(g[1]!, g[2]!);
  }
  return null;
}

export type AddressClass = { words: string; address: string; ipv4?: string };

/** What kind of non-public address this is ("a loopback address", …), or null when it is public. */
export function classifyAddress(input: string): AddressClass | null {
  // A zone (fe80::1%eth0) only ever comes with a link-local or otherwise local address.
  const address = input.replace(/%.*$/, "");
  const family = isIP(address);
  if (family === 0) return { words: "not an IP address", address: input };
  if (family === 6) {
    const ipv4 = embeddedIpv4(address);
    if (ipv4 !== null) {
      const inner = classifyAddress(ipv4);
      return inner ? { ...inner, address: input, ipv4 } : null;
    }
  }
  const type = family === 6 ? "ipv6" : "ipv4";
  const found = blockLists.find(({ list }) => list.check(address, type));
  if (found) return { words: found.words, address: input };
  if (family === 6 && !globalUnicast.check(address, "ipv6")) return { words: "a reserved address", address: input };
  return null;
}

export type ReceiverCheck =
  | { ok: true; url: URL; addresses: ResolvedAddress[] }
  /** invalid: the URL itself; refused: where it points; unresolvable: its name does not resolve (now). */
  | { ok: false; reason: "invalid" | "refused" | "unresolvable"; message: string };

const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, "$1");

/** A webhook URL's form: http(s), no credentials or fragment; https unless it names this machine. */
export function parseReceiverUrl(input: string): { ok: true; url: URL } | { ok: false; message: string } {
  const value = input.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: "Enter a full URL, e.g. https://api.example.com/switchboard/webhooks" };
  }
  if (value.length > 2048) return { ok: false, message: "The URL is longer than 2048 characters." };
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, message: "Only http and https URLs can receive webhooks." };
  const host = bare(url.hostname);
  const loopback = host === "localhost" || (isIP(host) !== 0 && classifyAddress(host)?.words === "a loopback address");
  if (url.protocol === "http:" && !loopback) return { ok: false, message: "Use https (plain http is allowed only for localhost)." };
  if (url.username || url.password) return { ok: false, message: "Put no credentials in the URL: verify the signature instead." };
  if (url.hash) return { ok: false, message: "A webhook URL has no #fragment." };
  return { ok: true, url };
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(what), { code: "ETIMEOUT" })), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Parses a receiver URL and resolves its host (an IP literal is used as it is): refused when
 * any address is not public, unless `allowPrivate`. The addresses returned are the only ones
 * a delivery may connect to (sendToReceiver).
 */
export async function checkReceiverUrl(input: string, options: { allowPrivate: boolean; resolve?: Resolver; timeoutMs?: number }): Promise<ReceiverCheck> {
  const parsed = parseReceiverUrl(input);
  if (!parsed.ok) return { ok: false, reason: "invalid", message: parsed.message };
  const { url } = parsed;
  const host = bare(url.hostname);
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal !== 0) {
    addresses = [{ address: host, family: literal as 4 | 6 }];
  } else {
    try {
      const found = await withTimeout((options.resolve ?? systemResolver)(host), options.timeoutMs ?? 5000, `resolving ${host} took too long`);
      addresses = found.filter((entry) => entry.family === 4 || entry.family === 6).map((entry) => ({ address: entry.address, family: entry.family as 4 | 6 }));
    } catch (error) {
      const code = (error as { code?: string }).code ?? "lookup failed";
      return { ok: false, reason: "unresolvable", message: `The host ${host} could not be resolved (${code}).` };
    }
    if (addresses.length === 0) return { ok: false, reason: "unresolvable", message: `The host ${host} has no address.` };
  }
  if (!options.allowPrivate) {
    for (const { address } of addresses) {
      const found = classifyAddress(address);
      if (!found) continue;
      const shown = found.ipv4 ? `${address}, that is ${found.ipv4}` : address;
      const where = literal !== 0 ? `The host ${host} is` : `The host ${host} resolves to`;
      return {
        ok: false,
        reason: "refused",
        message: `${where} ${found.words} (${shown}): webhooks go only to public internet addresses (WEBHOOK_ALLOW_PRIVATE_RECEIVERS=true allows others for local development).`,
      };
    }
  }
  return { ok: true, url, addresses };
}

/** A socket lookup that answers only the checked addresses and never asks DNS again. */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const usable = options.family === 4 || options.family === 6 ? addresses.filter((entry) => entry.family === options.family) : addresses;
    const [first] = usable;
    if (!first) {
      callback(Object.assign(new Error(`No checked IPv${options.family} address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
      return;
    }
    if (options.all)
      callback(
        null,
        usable.map((entry) => ({ ...entry })),
      );
    else callback(null, first.address, first.family);
  };
}

export type ReceiverRequest = { method: "POST"; headers: Record<string, string>; body: string };
/** A receiver's answer, to be read before its connection closes. */
export type ReceiverAnswer = { status: number; headers: Headers; body: ReadableStream<Uint8Array> | null };

/**
 * Sends one request to a checked receiver, connecting only to the checked addresses (an
 * undici Agent of its own whose socket lookup answers them), never following a redirect;
 * `read` handles the answer before the connection is closed.
 */
export async function sendToReceiver<T>(
  target: Extract<ReceiverCheck, { ok: true }>,
  request: ReceiverRequest,
  timeoutMs: number,
  read: (answer: ReceiverAnswer) => Promise<T>,
): Promise<T> {
  // Loaded on first send: the URL checks (console routes, the CLI) do not need it.
  const { Agent, fetch } = await import("undici");
  const agent = new Agent({ connect: { lookup: pinnedLookup(target.addresses), timeout: timeoutMs }, connections: 1 });
  try {
    const response = await fetch(target.url, { ...request, redirect: "manual", dispatcher: agent, signal: AbortSignal.timeout(timeoutMs) });
    // undici's web streams are Node's own: the same objects the global types describe.
    return await read({ status: response.status, headers: response.headers as Headers, body: response.body as ReadableStream<Uint8Array> | null });
  } finally {
    await agent.destroy().catch(() => {});
  }
}
