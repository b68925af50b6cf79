import { cpSync, existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

// Next's standalone output (.next/standalone: server.js and the node_modules it traced) leaves
// the static assets and public/ to the deployer; Next's docs say to copy them in. Both starts
// (`npm run serve`, `npm start`) run this server.

const root = resolve(import.meta.dirname, "../..");
const standalone = resolve(root, ".next/standalone");

/** The last build's standalone server, with `.next/static` and `public/` copied in where missing or stale. */
export function standaloneServer(): string {
  const server = resolve(standalone, "server.js");
  if (!existsSync(server)) throw new Error("There is no production build (.next/standalone/server.js): run `npm run build` first.");
  const buildId = readFileSync(resolve(root, ".next/BUILD_ID"), "utf8").trim();
  // `next build` renews .next/standalone, but check the copy is this build's (its assets sit under static/<build id>/).
  if (!existsSync(resolve(standalone, ".next/static", buildId))) {
    cpSync(resolve(root, ".next/static"), resolve(standalone, ".next/static"), { recursive: true, force: true });
  }
  if (!existsSync(resolve(standalone, "public")) && existsSync(resolve(root, "public"))) {
    cpSync(resolve(root, "public"), resolve(standalone, "public"), { recursive: true });
  }
  return server;
}
