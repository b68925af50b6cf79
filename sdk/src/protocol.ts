// What the browser side of the SDK and Switchboard's pages say to each other, and what the
// host's code hears. Every message carries `source`: "switchboard" from Switchboard's pages,
// "switchboard-host" from the SDK; both sides post to one exact origin, never "*".

/** A connector of the account: Switchboard's id (the host API's `connectors[].id`) and its name. */
export type ConnectorRef = { id: string; name: string };

/** A device connected through Podero: Switchboard's id (the host API's `devices[].id`), its type (ev, hp, iv, wb) and its name. */
export type DeviceRef = { id: string; type: string; name: string };

export type WidgetEventType = "ready" | "connected" | "disconnected" | "failed" | "session-expired";

/** What the mounted widget tells the host. */
export interface SwitchboardEvent {
  type: WidgetEventType;
  /** The connector the event is about; null for ready and session-expired, and for a widget that failed to load. */
  connector: ConnectorRef | null;
  /** For `connected` and `disconnected` about a device (the page's Devices section) rather than a connector. */
  device?: DeviceRef;
  /** For `failed` without a connector: why the widget failed, in words (it did not load in time, its apps could not be loaded). */
  reason?: string;
}

export type ConnectEventType = "connected" | "failed" | "cancelled";

/** What a headless `connect` tells the host, once: the connection's outcome. */
export interface ConnectEvent {
  type: ConnectEventType;
  /** The connector connected (or that failed); null when it was never reached. */
  connector: ConnectorRef | null;
  /** For `failed` and `cancelled`: why, in words. */
  reason?: string;
}

/** How the widget looks; Switchboard checks each value again. */
export interface Appearance {
  theme?: "light" | "dark" | "auto";
  /** The accent colour, `#rrggbb`. */
  accent?: string;
  /** Corner radius in pixels, 0 to 24. */
  radius?: number;
  /** `transparent` lets the host's page show through. */
  background?: "default" | "transparent";
}

export const HOST_SOURCE = "switchboard-host";
export const PAGE_SOURCE = "switchboard";

/** How long the SDK waits for Switchboard's page to say hello before it reports `failed`. */
export const DEFAULT_TIMEOUT_MS = 15_000;

const themes = ["light", "dark", "auto"];
const backgrounds = ["default", "transparent"];

/**
 * Adds the appearance and locale to a Switchboard page's URL as its query parameters
 * (`theme`, `accent`, `radius`, `background`, `locale`). A value of the wrong form is refused
 * here, by name, rather than ignored by the page.
 */
export function withLook(url: URL, appearance: Appearance | undefined, locale: string | undefined, caller: string): URL {
  const params = new URLSearchParams(url.search);
  const refuse = (what: string) => {
    throw new TypeError(`${caller}: ${what}`);
  };
  if (appearance !== undefined && (appearance === null || typeof appearance !== "object")) refuse("appearance is an object");
  const { theme, accent, radius, background } = appearance ?? {};
  if (theme !== undefined) {
    if (!themes.includes(theme)) refuse(`appearance.theme is "light", "dark" or "auto", not ${JSON.stringify(theme)}`);
    params.set("theme", theme);
  }
  if (accent !== undefined) {
    if (typeof accent !== "string" || !/^#[0-9a-fA-F]{6}$/.test(accent)) refuse(`appearance.accent is a colour like "#4f46e5", not ${JSON.stringify(accent)}`);
    params.set("accent", accent.toLowerCase());
  }
  if (radius !== undefined) {
    if (typeof radius !== "number" || !Number.isInteger(radius) || radius < 0 || radius > 24)
      refuse(`appearance.radius is a whole number of pixels from 0 to 24, not ${JSON.stringify(radius)}`);
    params.set("radius", String(radius));
  }
  if (background !== undefined) {
    if (!backgrounds.includes(background)) refuse(`appearance.background is "default" or "transparent", not ${JSON.stringify(background)}`);
    params.set("background", background);
  }
  if (locale !== undefined) {
    if (typeof locale !== "string" || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale))
      refuse(`locale is a language tag like "de" or "fr-CA", not ${JSON.stringify(locale)}`);
    params.set("locale", locale);
  }
  const next = new URL(url.href);
  next.search = params.toString();
  return next;
}

/** A message from one of Switchboard's pages, or null for anything else. */
export function pageMessage(data: unknown): { type: string; [key: string]: unknown } | null {
  if (!data || typeof data !== "object") return null;
  const message = data as { source?: unknown; type?: unknown };
  if (message.source !== PAGE_SOURCE || typeof message.type !== "string") return null;
  return message as { type: string };
}

/** The connector named in a message, checked, or null. */
export function connectorOf(value: unknown): ConnectorRef | null {
  const connector = value as { id?: unknown; name?: unknown } | null | undefined;
  return connector && typeof connector.id === "string" ? { id: connector.id, name: String(connector.name) } : null;
}

export function deviceOf(value: unknown): DeviceRef | null {
  const device = value as { id?: unknown; type?: unknown; name?: unknown } | null | undefined;
  return device && typeof device.id === "string" ? { id: device.id, type: String(device.type), name: String(device.name) } : null;
}

/** Calls the host's handler; an exception there is rethrown on its own, so it cannot break the SDK. */
export function deliver<E>(handler: ((event: E) => void) | undefined, event: E): void {
  if (typeof handler !== "function") return;
  try {
    handler(event);
  } catch (error) {
    setTimeout(() => {
      throw error;
    });
  }
}
