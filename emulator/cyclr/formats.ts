import { randomBytes } from "node:crypto";

// Cyclr's wire formats for tokens and dates.

/**
 * A random base64 token that always contains "+", "/" and "=", so any caller that forgets to
 * URL-encode it (or decodes "+" as a space) fails here, not first in production. `bytes` ≡ 1
 * (mod 3) guarantees the "==" padding; the loop redraws until "+" and "/" both appear.
 */
export function awkwardToken(bytes = 25): string {
  const size = bytes - ((bytes - 1) % 3);
  for (;;) {
    const token = randomBytes(size).toString("base64");
    if (token.includes("+") && token.includes("/")) return token;
  }
}

/** `.issued` / `.expires` in the token response: RFC 1123, e.g. "Fri, 08 Dec 2017 11:02:48 GMT". */
export const rfc1123 = (ms: number): string => new Date(ms).toUTCString();

/** .NET's round-trip format with seven fractional digits: "2017-12-08T11:02:48.7436471Z". */
export function cyclrUtc(ms: number): string {
  const iso = new Date(ms).toISOString(); // always "….sssZ"
  return `${iso.slice(0, -1)}0000Z`;
}
