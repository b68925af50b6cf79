import { useCallback, useEffect, useRef, useState } from "react";
import { connect, type SwitchboardConnection } from "./connect";
import { mount } from "./mount";
import type { Appearance, ConnectEvent, SwitchboardEvent } from "./protocol";

// @switchboard/sdk/react: the widget as a component, and headless connect as a hook, for a
// host's React app (a client component in Next's app router: this module starts with
// "use client" in the build).

export type { Appearance, ConnectEvent, ConnectorRef, SwitchboardEvent } from "./protocol";

export interface SwitchboardConnectProps {
  /** The connect session's `embedUrl`. A new url mounts a new widget. */
  url: string;
  appearance?: Appearance;
  locale?: string;
  onEvent?: (event: SwitchboardEvent) => void;
  className?: string;
  /** The iframe's accessible title. */
  title?: string;
  timeoutMs?: number;
}

/** The widget, mounted in a div while the component is; `onEvent` may change without a remount. */
export function SwitchboardConnect({ url, appearance, locale, onEvent, className, title, timeoutMs }: SwitchboardConnectProps) {
  const element = useRef<HTMLDivElement>(null);
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  }, [onEvent]);
  // Compared by value: an inline object literal does not remount the widget on every render.
  const look = JSON.stringify(appearance ?? null);
  useEffect(() => {
    if (!element.current) return;
    const widget = mount(element.current, {
      url,
      appearance: (JSON.parse(look) as Appearance | null) ?? undefined,
      locale,
      title,
      timeoutMs,
      onEvent: (event) => handler.current?.(event),
    });
    return () => widget.unmount();
  }, [url, look, locale, title, timeoutMs]);
  return <div ref={element} className={className} />;
}

export type ConnectStatus = "idle" | "connecting" | ConnectEvent["type"];

export interface UseSwitchboardConnectOptions {
  /** The connect session's `url` (or `embedUrl`). */
  url: string;
  appearance?: Appearance;
  locale?: string;
  onEvent?: (event: ConnectEvent) => void;
  timeoutMs?: number;
}

/**
 * Headless connect for the host's own buttons: call `connect(connector)` in the click handler
 * (it opens the popup there and then); `status` and `lastEvent` follow the outcome.
 */
export function useSwitchboardConnect({ url, appearance, locale, onEvent, timeoutMs }: UseSwitchboardConnectOptions) {
  const [status, setStatus] = useState<ConnectStatus>("idle");
  const [lastEvent, setLastEvent] = useState<ConnectEvent | null>(null);
  const live = useRef<SwitchboardConnection | null>(null);
  // Only the latest connection speaks: one started before it was superseded says nothing here.
  const generation = useRef(0);
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  }, [onEvent]);
  const look = JSON.stringify(appearance ?? null);

  const start = useCallback(
    (connector: string) => {
      const mine = ++generation.current;
      setStatus("connecting");
      setLastEvent(null);
      live.current = connect({
        url,
        connector,
        appearance: (JSON.parse(look) as Appearance | null) ?? undefined,
        locale,
        timeoutMs,
        onEvent: (event) => {
          if (generation.current !== mine) return;
          setLastEvent(event);
          setStatus(event.type);
          handler.current?.(event);
        },
      });
    },
    [url, look, locale, timeoutMs],
  );

  // Unmounting closes a popup still open: nobody is left to hear its outcome.
  useEffect(() => () => live.current?.close(), []);

  return { connect: start, status, lastEvent };
}
