import { DEFAULT_TIMEOUT_MS, HOST_SOURCE, connectorOf, deliver, deviceOf, pageMessage, withLook, type Appearance, type SwitchboardEvent } from "./protocol";

// The widget: Switchboard's embed page in an iframe. Messages go only to the widget's exact
// origin and are accepted only from that origin and that iframe's window. The widget says
// "hello" when it has loaded, the SDK answers "init" (which tells the widget the host's
// origin), and from then on the widget reports its size and its events.

export interface MountOptions {
  /** The connect session's `embedUrl`, from POST /api/v1/connect-sessions. */
  url: string;
  appearance?: Appearance;
  /** The widget's language, a BCP 47 tag such as "de"; unset: the browser's. */
  locale?: string;
  onEvent?: (event: SwitchboardEvent) => void;
  /** The iframe's accessible title. Default "Connect your apps". */
  title?: string;
  /** How long the widget has to load before `failed` is reported (milliseconds). Default 15000. */
  timeoutMs?: number;
}

export interface SwitchboardWidget {
  iframe: HTMLIFrameElement;
  /** Removes the iframe and stops listening. */
  unmount(): void;
}

const mounted = new WeakMap<Element, SwitchboardWidget>();

/** Mounts the widget in `element` (once: mounting again on the same element returns the same widget). */
export function mount(element: HTMLElement, options: MountOptions): SwitchboardWidget {
  if (!element || typeof element.appendChild !== "function") throw new TypeError("Switchboard.mount: give it an element");
  if (!options || typeof options.url !== "string") throw new TypeError("Switchboard.mount: options.url is the session's embedUrl");
  const existing = mounted.get(element);
  if (existing) return existing;

  const url = withLook(new URL(options.url, window.location.href), options.appearance, options.locale, "Switchboard.mount");
  const origin = url.origin;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const iframe = document.createElement("iframe");
  iframe.src = url.href;
  iframe.title = options.title || "Connect your apps";
  // The frame's color-scheme must be the widget's own, or the browser paints an opaque backdrop
  // behind it and a transparent dark widget hides the host's page.
  const scheme = { light: "light", dark: "dark", auto: "light dark" }[options.appearance?.theme ?? "light"] ?? "normal";
  iframe.style.cssText = `display:block;width:100%;height:320px;border:0;color-scheme:${scheme}`;

  const init = () => iframe.contentWindow?.postMessage({ source: HOST_SOURCE, type: "init" }, origin);

  // No hello in time: the page did not load, is not Switchboard's, or refused this origin.
  let greeted = false;
  const timer = window.setTimeout(() => {
    if (greeted) return;
    const seconds = Math.round(timeoutMs / 100) / 10;
    deliver(options.onEvent, { type: "failed", connector: null, reason: `The widget did not load within ${seconds} seconds.` });
  }, timeoutMs);

  const onMessage = (event: MessageEvent) => {
    if (event.origin !== origin || event.source !== iframe.contentWindow) return;
    const data = pageMessage(event.data);
    if (!data) return;
    if (data.type === "hello") {
      greeted = true;
      window.clearTimeout(timer);
      init();
      return;
    }
    if (data.type === "resize") {
      const height = data.height;
      if (typeof height === "number" && Number.isFinite(height)) iframe.style.height = `${Math.max(80, Math.min(5000, Math.ceil(height)))}px`;
      return;
    }
    if (data.type === "ready" || data.type === "session-expired" || data.type === "connected" || data.type === "disconnected" || data.type === "failed") {
      const reason = data.type === "failed" && typeof data.reason === "string" ? { reason: data.reason } : {};
      const device = deviceOf(data.device);
      deliver(options.onEvent, { type: data.type, connector: connectorOf(data.connector), ...reason, ...(device ? { device } : {}) });
    }
  };

  window.addEventListener("message", onMessage);
  iframe.addEventListener("load", init);
  element.appendChild(iframe);

  const widget: SwitchboardWidget = {
    iframe,
    unmount() {
      window.clearTimeout(timer);
      window.removeEventListener("message", onMessage);
      iframe.removeEventListener("load", init);
      iframe.remove();
      mounted.delete(element);
    },
  };
  mounted.set(element, widget);
  return widget;
}
