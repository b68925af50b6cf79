import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Webhook } from "standardwebhooks";
import { createSwitchboard } from "../../sdk/dist/server.js";
import { scriptString } from "../html";
import { readBody } from "../http";
import { closeServers, serveOrigin } from "../server";

// A tiny "host SaaS" for the demo, on its own origin, built with Switchboard's SDK as a host
// would use it (the built package, sdk/dist): its server mints a connect session with the
// SDK's server client, its page loads the SDK's browser build from its own origin (/sdk/…)
// to mount the widget and to offer a headless "Connect Salesforce" button of its own, and
// lists the events it receives; its webhook receiver checks each webhook's signature (as a
// real backend must) and lists what arrived.

const sdkDist = new URL("../../sdk/dist/", import.meta.url);

type ReceivedWebhook = { id: string; type: string; connector: string | null; verified: boolean; duplicate: boolean; receivedAt: string };

function page(session: { url: string; embedUrl: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Projects · Integrations (demo host)</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f1f5f9;color:#0f172a}
header{background:#0f172a;color:#fff;padding:14px 24px;font-weight:600}
main{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:24px;max-width:1100px;margin:24px auto;padding:0 24px}
section{background:#fff;border-radius:12px;padding:16px 20px;box-shadow:0 1px 3px #0001}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:0 0 8px}p{color:#475569;font-size:14px}
ol{font-size:13px;padding-left:18px}li{margin:4px 0}
</style></head>
<body><header>Acme Projects <span style="font-weight:400;opacity:.7">— a demo host SaaS on its own origin</span></header>
<main>
<section><h1>Integrations</h1><p>This page is served by the host's own server, which minted a connect session through Switchboard's API. The widget below is Switchboard in an iframe.</p><div id="switchboard"></div></section>
<section style="margin-top:24px"><h2>Or connect from the host's own button</h2><p>Headless: the host draws the button; Switchboard runs the sign-in in a popup and reports back.</p><button id="connect-salesforce" type="button" style="font:inherit;padding:8px 14px;border-radius:8px;border:0;background:#4f46e5;color:#fff;cursor:pointer">Connect Salesforce</button> <span id="headless-status" role="status"></span></section>
<div>
<section><h2>Events from the widget</h2><ol id="events" aria-live="polite"></ol></section>
<section style="margin-top:24px"><h2>Webhooks received by the host's server</h2><p>Signed by Switchboard, checked here with the key's secret.</p><ol id="webhooks" aria-live="polite"></ol></section>
</div>
</main>
<script type="module">
import { connect, mount } from "/sdk/index.js";
const list = document.getElementById("events");
const log = (event, via) => {
  const item = document.createElement("li");
  item.textContent = new Date().toLocaleTimeString() + " " + event.type + (event.connector ? ": " + event.connector.name : event.device ? ": " + event.device.name : "") + via + (event.reason ? " — " + event.reason : "");
  list.prepend(item);
};
mount(document.getElementById("switchboard"), { url: ${scriptString(session.embedUrl)}, onEvent: (event) => log(event, "") });
const status = document.getElementById("headless-status");
document.getElementById("connect-salesforce").addEventListener("click", () => {
  // In the click itself: the popup opens now, before anything is awaited.
  status.textContent = "Connecting…";
  connect({
    url: ${scriptString(session.url)},
    connector: "Salesforce",
    onEvent(event) {
      status.textContent = event.type;
      log(event, " (headless)");
    },
  });
});
</script>
<script>
const hooks = document.getElementById("webhooks");
async function refreshWebhooks() {
  try {
    const received = await (await fetch("/webhooks.json", { cache: "no-store" })).json();
    hooks.replaceChildren(...received.map((hook) => {
      const item = document.createElement("li");
      item.textContent = new Date(hook.receivedAt).toLocaleTimeString() + " " + hook.type + (hook.connector ? ": " + hook.connector : "") +
        (hook.verified ? " (signature verified)" : " (BAD SIGNATURE, ignored)") + (hook.duplicate ? " (repeat, ignored)" : "");
      return item;
    }));
  } catch {}
}
refreshWebhooks();
setInterval(refreshWebhooks, 2000);
</script></body></html>`;
}

/** Where the demo host's server receives webhooks (the key's webhook URL is set before it starts). */
export const demoHostWebhookUrl = (port: number) => `http://127.0.0.1:${port}/webhooks`;

export async function startDemoHost(options: {
  port: number;
  appUrl: string;
  apiKey: string;
  accountId: string;
  /** The signing secret of the webhook set on the host's API key (to demoHostWebhookUrl(port)). */
  webhookSecret: string | null;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const switchboard = createSwitchboard({ baseUrl: options.appUrl, apiKey: options.apiKey });

  async function receiveWebhook(request: IncomingMessage): Promise<number> {
    const body = await readBody(request, 64 * 1024);
    const check = { ok: false };
    // As a host's backend would: the Standard Webhooks reference library, with the key's secret.
    if (options.webhookSecret) {
      try {
        new Webhook(options.webhookSecret).verify(body, request.headers as Record<string, string>);
        check.ok = true;
      } catch {
        // not signed with this secret (or too old): shown as a bad signature
      }
    }
    let event: { id?: string; type?: string; data?: { connector?: { name?: string } } } = {};
    try {
      event = JSON.parse(body) as typeof event;
    } catch {
      // recorded as unreadable below
    }
    const id = String(event.id ?? "");
    const duplicate = check.ok && received.some((hook) => hook.verified && hook.id === id);
    received.unshift({
      id,
      type: String(event.type ?? "unreadable"),
      connector: event.data?.connector?.name ?? null,
      verified: check.ok,
      duplicate,
      receivedAt: new Date().toISOString(),
    });
    received.splice(50);
    return check.ok ? 200 : 400;
  }

  async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    if (request.method === "POST" && path === "/webhooks") {
      const status = await receiveWebhook(request).catch(() => 400);
      response.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "signature check failed");
      return;
    }
    if (request.method === "GET" && path === "/webhooks.json") {
      response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(received));
      return;
    }
    if (request.method === "GET" && /^\/sdk\/[\w-]+\.js$/.test(path)) {
      // The SDK's browser build, from the host's own origin (as a bundler would serve it).
      const file = await readFile(new URL(path.slice("/sdk/".length), sdkDist)).catch(() => null);
      if (!file) return void response.writeHead(404, { "content-type": "text/plain" }).end("Not built: run npm run sdk:build");
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" }).end(file);
      return;
    }
    if (request.method !== "GET" || path !== "/") {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    try {
      // The user's email lets them connect devices through Podero (the Devices section).
      const session = await switchboard.createSession({
        accountId: options.accountId,
        userId: "demo-host-user",
        user: { email: "demo-host-user@example.com", firstName: "Demo" },
      });
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "referrer-policy": "no-referrer", "cache-control": "no-store" });
      response.end(page(session));
    } catch (error) {
      response.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
      response.end(`The demo host could not mint a connect session: ${error instanceof Error ? error.message : "unknown error"}`);
    }
  }

  const { servers } = await serveOrigin((request, response) => void respond(request, response), options.port, "127.0.0.1");
  return { url: `http://localhost:${options.port}`, stop: () => closeServers(servers) };
}
