import type { IncomingMessage, ServerResponse } from "node:http";
import { Webhook } from "standardwebhooks";
import { escapeHtml, scriptString } from "../html";
import { readBody } from "../http";
import { closeServers, serveOrigin } from "../server";

// A tiny "host SaaS" for the demo, on its own origin: its server mints a connect session
// through Switchboard's host API (as a real backend would) and its page mounts the widget
// with the host script, listing the events it receives; its webhook receiver checks each
// webhook's signature (as a real backend must) and lists what arrived.

type ReceivedWebhook = { id: string; type: string; connector: string | null; verified: boolean; duplicate: boolean; receivedAt: string };

function page(appUrl: string, embedUrl: string): string {
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
<div>
<section><h2>Events from the widget</h2><ol id="events" aria-live="polite"></ol></section>
<section style="margin-top:24px"><h2>Webhooks received by the host's server</h2><p>Signed by Switchboard, checked here with the key's secret.</p><ol id="webhooks" aria-live="polite"></ol></section>
</div>
</main>
<script src="${escapeHtml(appUrl)}/sdk/switchboard.js"></script>
<script>
const list = document.getElementById("events");
Switchboard.mount(document.getElementById("switchboard"), {
  url: ${scriptString(embedUrl)},
  onEvent(event) {
    const item = document.createElement("li");
    item.textContent = new Date().toLocaleTimeString() + " " + event.type + (event.connector ? ": " + event.connector.name : "");
    list.prepend(item);
  },
});
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
    if (request.method !== "GET" || path !== "/") {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    try {
      const minted = await fetch(`${options.appUrl}/api/v1/connect-sessions`, {
        method: "POST",
        headers: { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ accountId: options.accountId, userId: "demo-host-user" }),
      });
      if (minted.status !== 201) throw new Error(`Switchboard answered ${minted.status}`);
      const { embedUrl } = (await minted.json()) as { embedUrl: string };
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "referrer-policy": "no-referrer", "cache-control": "no-store" });
      response.end(page(options.appUrl, embedUrl));
    } catch (error) {
      response.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
      response.end(`The demo host could not mint a connect session: ${error instanceof Error ? error.message : "unknown error"}`);
    }
  }

  const { servers } = await serveOrigin((request, response) => void respond(request, response), options.port, "127.0.0.1");
  return { url: `http://localhost:${options.port}`, stop: () => closeServers(servers) };
}
