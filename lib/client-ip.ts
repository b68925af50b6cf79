import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { isIP, type Socket } from "node:net";
import { env } from "@/lib/env";

// Who a request comes from, for the per-address limits.
//
// What Next 16 gives us (read in next/dist/server/base-server.js, and checked against `next
// start` by e2e/limits.spec.ts): its server, the same code in `next start` and in the
// standalone server.js, sets `x-forwarded-for` ONLY WHEN THE REQUEST HAS NONE
// (`req.headers['x-forwarded-for'] ??= socket.remoteAddress`). A client's own
// X-Forwarded-For passes through untouched and the socket's address is then dropped, so the
// header alone can name any address. Route handlers (a Request), server actions (headers())
// and next-auth's authorize() (a plain object made from headers()) see headers only: no
// socket, no `request.ip` (gone since Next 15).
//
// So Switchboard records the connection's address itself: at startup (instrumentation.ts)
// a subscriber to Node's `http.server.request.start` diagnostics channel, which Node
// publishes for every request before any listener runs, writes the socket's address into
// `x-switchboard-peer`, replacing whatever the client sent under that name.
//
// TRUST_PROXY=0 (the default): the client is that peer; X-Forwarded-For is ignored.
// TRUST_PROXY=N: N reverse proxies each append the address they were reached from, so the
// client is the Nth address from the right of X-Forwarded-For (the leftmost, when there are
// fewer); an address the proxies could not have written falls back to the peer.

export const PEER_HEADER = "x-switchboard-peer";

/** The key of requests whose address is not known (no peer recorded: the hook was not installed yet). */
export const UNKNOWN_ADDRESS = "unknown";

const globalPeer = globalThis as unknown as { switchboardPeerHook?: boolean };

/** Stamps every HTTP request this process serves with the address of its connection (once per process). */
export function recordPeerAddresses(): void {
  if (globalPeer.switchboardPeerHook) return;
  globalPeer.switchboardPeerHook = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = socket.remoteAddress ?? "";
  });
}

/** Request headers as a route handler (Headers), headers() or next-auth's authorize() (a plain object) has them. */
export type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function read(headers: HeaderSource, name: string): string | undefined {
  if (typeof headers.get === "function") return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** An address as written in a header ("::ffff:1.2.3.4", "[::1]:443", "1.2.3.4:80"), in one spelling; undefined if it is none. */
export function normalizeAddress(value: string | undefined): string | undefined {
  let address = value?.trim() ?? "";
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return undefined;
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1] : address.toLowerCase();
}

/** The client's address (see above): the connection's, or with TRUST_PROXY the one the proxies say. */
export function clientIp(headers: HeaderSource, trustProxy: number = env().TRUST_PROXY): string {
  const peer = normalizeAddress(read(headers, PEER_HEADER)) ?? UNKNOWN_ADDRESS;
  if (trustProxy <= 0) return peer;
  const forwarded = (read(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (forwarded.length === 0) return peer;
  return normalizeAddress(forwarded[Math.max(0, forwarded.length - trustProxy)]) ?? peer;
}

/** What identifies a client for limits: an IPv4 address, or an IPv6 address's /64 (one subscriber's usual allocation). */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = "", tail] = address.split("::");
  const groups = (part: string) => (part ? part.split(":").flatMap((group) => (group.includes(".") ? ["0", "0"] : [group])) : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const full = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${full
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}
