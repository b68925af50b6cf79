// Child process for the cross-process single-flight test: waits for "go" on stdin, then
// asks for the partner token N times at once and prints how many distinct tokens it got
// and a fingerprint of the token (never the token itself).
import { createInterface } from "node:readline";
import { hashToken } from "@/lib/crypto";
import { cyclr } from "@/lib/cyclr/client";
import { db, disconnectDb } from "@/lib/db";

const count = Number(process.argv[2] ?? 10);
// Warm up (settings, Prisma, a pooled connection) first, so that on "go" this process asks
// at once rather than a second later, when the race would already be over.
await db().providerToken.count();
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== "go") continue;
  const tokens = await Promise.all(Array.from({ length: count }, () => cyclr().tokens.getPartnerToken()));
  const distinct = [...new Set(tokens)];
  process.stdout.write(`${JSON.stringify({ distinct: distinct.length, fingerprint: hashToken(distinct[0] ?? "") })}\n`);
  break;
}
await disconnectDb();
process.exit(0);
