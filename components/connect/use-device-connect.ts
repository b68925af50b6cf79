"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import type { DeviceAttemptView, StartedDeviceConnect } from "@/lib/devices/attempts";
import type { DeviceView } from "@/lib/devices/devices";
import type { DeviceType } from "@/lib/devices/settings";
import { useConnectSession } from "./connect-session";
import { sessionGet, sessionPost } from "./session-fetch";
import { POPUP_FEATURES, returnKey, type OAuthPhase } from "./use-oauth-connect";

/** What a card connects: a new device of a type, or (Reconnect) a device that needs attention. */
export type DeviceTarget = { type: DeviceType } | { deviceId: string };

/** What Switchboard's return page posts to the page that opened Podero's popup (components/connect/tell-opener.tsx). */
export const DEVICE_ATTEMPT_MESSAGE = "switchboard:device-attempt";

const POLL_MS = 2000;

const fetchAttempt = (token: string, attemptId: string, trigger: "poll" | "closed") =>
  sessionGet<DeviceAttemptView>(token, `/api/connect/devices/attempts/${attemptId}${trigger === "closed" ? "?trigger=closed" : ""}`);

/**
 * Connecting a device through Podero's page: the popup is opened synchronously in the click
 * and sent to Podero once Switchboard has made the onboarding session; if the browser blocks
 * it, the same tab goes instead. Podero sends no webhooks and the return page's message is
 * only a hint, so the attempt is polled (the server asks Podero at most every few seconds)
 * and asked once more when the popup closes. Only the server's answer settles it.
 */
export function useDeviceConnect(options: {
  target: DeviceTarget;
  name: string;
  onDevice: (device: DeviceView) => void;
  onError: (message: string | null) => void;
}) {
  const { target, name, onDevice, onError } = options;
  const { token } = useConnectSession();
  const t = useTranslations("Devices");
  const locale = useLocale();
  const [phase, setPhase] = useState<OAuthPhase>({ kind: "idle" });
  const [attemptId, setAttemptId] = useState<string | null>(null);
  const popupRef = useRef<Window | null>(null);
  // The attempt still in progress, for answers that arrive after it was settled another way.
  const live = useRef<string | null>(null);
  useEffect(() => {
    live.current = attemptId;
  }, [attemptId]);

  const settle = useCallback(
    (view: DeviceAttemptView) => {
      if (live.current !== view.id || view.status === "PENDING") return false;
      live.current = null;
      setAttemptId(null);
      if (popupRef.current && !popupRef.current.closed) popupRef.current.close();
      popupRef.current = null;
      if (view.status === "SUCCEEDED") {
        if (view.device) onDevice(view.device);
        onError(null);
        setPhase({ kind: "idle", note: t("connected", { name: view.device ? makeAndModel(view.device) || name : name }) });
      } else if (view.status === "CANCELLED") {
        setPhase({ kind: "idle", note: t("cancelled") });
      } else if (view.status === "EXPIRED") {
        setPhase({ kind: "idle", note: t("expired") });
      } else {
        onError(t("failed"));
        setPhase({ kind: "idle" });
      }
      return true;
    },
    [name, onDevice, onError, t],
  );

  const check = useCallback(
    async (id: string, trigger: "poll" | "closed") => {
      const view = await fetchAttempt(token, id, trigger);
      if (!settle(view) && trigger === "closed" && live.current === id) setPhase({ kind: "closed" });
      return view;
    },
    [token, settle],
  );

  // The return page's message: a hint to ask the server now rather than at the next poll.
  useEffect(() => {
    if (!attemptId) return;
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin) return;
      if (!popupRef.current || event.source !== popupRef.current) return;
      const data = event.data as { type?: unknown; attemptId?: unknown } | null;
      if (data?.type !== DEVICE_ATTEMPT_MESSAGE || data.attemptId !== attemptId) return;
      setPhase({ kind: "confirming" });
      void check(attemptId, "poll").catch(() => setPhase({ kind: "waiting" }));
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [attemptId, check]);

  // A closed popup is not a failure: ask once more, then offer a retry (and keep polling).
  useEffect(() => {
    if (!attemptId || phase.kind !== "waiting") return;
    const timer = window.setInterval(() => {
      if (popupRef.current?.closed) {
        window.clearInterval(timer);
        void check(attemptId, "closed").catch(() => setPhase({ kind: "closed" }));
      }
    }, 500);
    return () => window.clearInterval(timer);
  }, [attemptId, phase.kind, check]);

  useQuery({
    queryKey: ["device-attempt", attemptId],
    queryFn: () => check(attemptId!, "poll"),
    enabled: attemptId !== null && (phase.kind === "waiting" || phase.kind === "closed" || phase.kind === "confirming"),
    refetchInterval: POLL_MS,
    gcTime: 0,
  });

  const begin = useCallback(
    (mode: "POPUP" | "REDIRECT") => sessionPost<StartedDeviceConnect>(token, "/api/connect/devices/attempts", { ...target, mode, locale }),
    [token, target, locale],
  );

  const start = useCallback(async () => {
    onError(null);
    // Opened before any await: a popup opened later is blocked by Safari and others.
    const popup = window.open("about:blank", `switchboard-device-${"type" in target ? target.type : target.deviceId}`, POPUP_FEATURES);
    if (!popup) {
      setPhase({ kind: "blocked" });
      return;
    }
    popupRef.current = popup;
    setPhase({ kind: "starting" });
    const result = await begin("POPUP");
    if (!result.ok) {
      popup.close();
      popupRef.current = null;
      onError(result.message ?? t("unreachable"));
      setPhase({ kind: "idle" });
      return;
    }
    popup.location.href = result.data.url;
    live.current = result.data.attemptId;
    setAttemptId(result.data.attemptId);
    setPhase({ kind: "waiting" });
  }, [target, begin, onError, t]);

  const startRedirect = useCallback(async () => {
    onError(null);
    setPhase({ kind: "redirecting" });
    const result = await begin("REDIRECT");
    if (!result.ok) {
      onError(result.message ?? t("unreachable"));
      setPhase({ kind: "blocked" });
      return;
    }
    // The return page takes the tab back here (the session token never travels through Podero).
    sessionStorage.setItem(returnKey(result.data.attemptId), window.location.pathname);
    window.location.assign(result.data.url);
  }, [begin, onError, t]);

  const focusPopup = useCallback(() => popupRef.current?.focus(), []);

  return { phase, start, startRedirect, focusPopup };
}

/** "Tesla Model 3": a device's manufacturer and model, as far as Podero named them (empty: the caller names its type, translated; lib/devices/names.ts is the server's English). */
export function makeAndModel(device: Pick<DeviceView, "manufacturer" | "model">): string {
  return [device.manufacturer, device.model].filter(Boolean).join(" ");
}
