// Child process for the cross-process "one Podero user" test: waits for "go" on stdin, then
// links the same host user N times at once (lib/devices/users.ts) and prints the Podero
// user ids it got.
import { createInterface } from "node:readline";
import { db, disconnectDb } from "@/lib/db";
import { ensurePoderoUser } from "@/lib/devices/users";

const [count, accountId, cyclrAccountId, hostUserId, email] = process.argv.slice(2);
const who = {
  hostUserId: hostUserId!,
  user: { email: email!, firstName: null, lastName: null },
  account: { id: accountId!, cyclrAccountId: cyclrAccountId!, name: "" },
};
// Warm up (settings, Prisma, a pooled connection) first, so that on "go" this process asks at once.
await db().poderoUserLink.count();
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== "go") continue;
  const links = await Promise.all(Array.from({ length: Number(count) }, () => ensurePoderoUser(who)));
  process.stdout.write(`${JSON.stringify([...new Set(links.map((link) => link.poderoUserId))])}\n`);
  break;
}
await disconnectDb();
process.exit(0);
