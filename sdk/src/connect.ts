import { DEFAULT_TIMEOUT_MS, HOST_SOURCE, connectorOf, deliver, pageMessage, withLook, type Appearance, type ConnectEvent } from "./protocol";

// Headless connect: the host's own "Connect Salesforce" button. The popup opens in the host's
// click (before anything else happens: a popup opened later is blocked), on Switchboard's
// /connect/<token>/start page, which checks that its opener is on one of the session's
// allowed origins (a hello/init exchange, as the widget does), runs the connector's connect
// there and posts the outcome back. Messages are accepted only from Switchboard's origin and
// that popup; the outcome is reported once.

export interface ConnectOptions {
  /** The connect session's `url` (or `embedUrl`), from POST /api/v1/connect-sessions. */
  url: string;
  /** The connector: its catalogue name ("Salesforce"), catalogue id ("5004"), or Switchboard's id from the host API. */
  connector: string;
  onEvent?: (event: ConnectEvent) => void;
  appearance?: Appearance;
  locale?: string;
  /** How long Switchboard's page has to load in the popup before `failed` is reported (milliseconds). Default 15000. */
  timeoutMs?: number;
}

export interface SwitchboardConnection {
  /** The popup, or null when the browser blocked it. */
  popup: Window | null;
  /** Closes the popup and stops listening, without an event. */
  close(): void;
}

const POPUP_FEATURES = "popup,width=520,height=720";
const CLOSED_POLL_MS = 400;

// One popup at a time (the window is reused): a new connect ends the one before.
let current: { end(event: ConnectEvent | null): void } | null = null;

/** The session's token and Switchboard's origin, from its url or embedUrl. */
function sessionOf(url: string): { origin: string; token: string } {
  const parsed = new URL(url, window.location.href);
  const token = /^\/(?:connect|embed)\/([A-Za-z0-9_-]+)\/?$/.exec(parsed.pathname)?.[1];
  if (!token) throw new TypeError("Switchboard.connect: options.url is the session's url (…/connect/<token>) or embedUrl");
  return { origin: parsed.origin, token };
}

/** Starts connecting one connector. Call it inside the click handler, before any await. */
export function connect(options: ConnectOptions): SwitchboardConnection {
  if (!options || typeof options.url !== "string") throw new TypeError("Switchboard.connect: options.url is the session's url");
  if (typeof options.connector !== "string" || options.connector.trim() === "")
    throw new TypeError("Switchboard.connect: options.connector names the connector");
  const { origin, token } = sessionOf(options.url);
  const start = new URL(`/connect/${token}/start`, origin);
  start.searchParams.set("connector", options.connector.trim());
  const target = withLook(start, options.appearance, options.locale, "Switchboard.connect");

  current?.end({ type: "cancelled", connector: null, reason: "Another connection was started." });
  const opened = window.open(target.href, "switchboard-connect", POPUP_FEATURES);
  if (!opened) {
    const blocked: ConnectEvent = {
      type: "failed",
      connector: null,
      reason: "The browser blocked the sign-in window. Allow popups for this site and try again.",
    };
    queueMicrotask(() => deliver(options.onEvent, blocked));
    return { popup: null, close() {} };
  }

  const popup: Window = opened;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let greeted = false;
  let done = false;

  const onMessage = (event: MessageEvent) => {
    if (event.origin !== origin || event.source !== popup) return;
    const data = pageMessage(event.data);
    if (!data) return;
    if (data.type === "hello") {
      // Every page of the flow in the popup says hello (the start page, and again after the
      // sign-in comes back to it); each learns the host's origin from this answer.
      greeted = true;
      popup.postMessage({ source: HOST_SOURCE, type: "init" }, origin);
      return;
    }
    if (data.type === "connected" || data.type === "failed" || data.type === "cancelled") {
      const reason = typeof data.reason === "string" ? data.reason : undefined;
      end({ type: data.type, connector: connectorOf(data.connector), ...(reason ? { reason } : {}) }, true);
    }
  };

  const watch = window.setInterval(() => {
    if (popup.closed) end({ type: "cancelled", connector: null, reason: "The window was closed before the connection finished." });
  }, CLOSED_POLL_MS);
  const timer = window.setTimeout(() => {
    if (!greeted) end({ type: "failed", connector: null, reason: `The sign-in window did not load within ${Math.round(timeoutMs / 100) / 10} seconds.` }, true);
  }, timeoutMs);

  function end(event: ConnectEvent | null, closePopup = false) {
    if (done) return;
    done = true;
    window.removeEventListener("message", onMessage);
    window.clearInterval(watch);
    window.clearTimeout(timer);
    if (current === self) current = null;
    if (closePopup && !popup.closed) popup.close();
    if (event) deliver(options.onEvent, event);
  }

  const self = { end };
  current = self;
  window.addEventListener("message", onMessage);
  return {
    popup,
    close() {
      end(null, true);
    },
  };
}
