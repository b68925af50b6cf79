// Child process for the cross-process single-flight test: waits for "go" on stdin, then
// asks for the partner token N times at once and prints what it got.
import { createInterface } from "node:readline";
import { cyclr } from "@/lib/cyclr/client";
import { disconnectDb } from "@/lib/db";

const count = Number(process.argv[2] ?? 10);
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== "go") continue;
  const tokens = await Promise.all(Array.from({ length: count }, () => cyclr().tokens.getToken()));
  process.stdout.write(`${JSON.stringify([...new Set(tokens)].length)}\n`);
  break;
}
await disconnectDb();
process.exit(0);
