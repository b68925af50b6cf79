"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { completeConnectAction, startConnectAction } from "@/app/connect/actions";
import type { AttemptView } from "@/lib/connect/attempts";
import type { ConnectorView } from "@/lib/connect/connectors";
import { useConnectSession } from "./connect-session";
import { sessionGet } from "./session-fetch";

export type OAuthPhase =
  | { kind: "idle"; note?: string }
  | { kind: "starting" }
  | { kind: "waiting" }
  | { kind: "confirming" }
  | { kind: "closed" }
  | { kind: "blocked" }
  | { kind: "redirecting" };

type Attempt = { id: string; callbackMessage: string };

const POLL_MS = 2000;
export const POPUP_FEATURES = "popup,width=520,height=720";

export function returnKey(attemptId: string): string {
  return `switchboard:return:${attemptId}`;
}

const fetchAttempt = (token: string, attemptId: string) => sessionGet<AttemptView>(token, `/api/connect/attempts/${attemptId}`);

/**
 * The popup OAuth flow (CYCLR.md "Rules that follow"): open the window synchronously in the
 * click, navigate it once the server has the URL, accept only Cyclr's exact message from our
 * popup, poll the attempt meanwhile, and ask the server once more when the popup closes.
 */
export function useOAuthConnect(options: {
  connector: ConnectorView;
  onConnector: (connector: ConnectorView) => void;
  onError: (message: string | null) => void;
}) {
  const { connector, onConnector, onError } = options;
  const { token, serviceOrigin } = useConnectSession();
  const t = useTranslations("Connect");
  const locale = useLocale();
  const [phase, setPhase] = useState<OAuthPhase>({ kind: "idle" });
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const popupRef = useRef<Window | null>(null);

  const settle = useCallback(
    (view: AttemptView) => {
      onConnector(view.connector);
      if (view.status === "PENDING") return false;
      setAttempt(null);
      if (popupRef.current && !popupRef.current.closed) popupRef.current.close();
      popupRef.current = null;
      if (view.status === "SUCCEEDED") {
        onError(null);
        setPhase({ kind: "idle" });
      } else if (view.status === "EXPIRED") {
        setPhase({ kind: "idle", note: t("attemptExpired") });
      } else if (view.status === "FAILED") {
        onError(t("attemptFailed", { name: connector.name }));
        setPhase({ kind: "idle" });
      } else {
        setPhase({ kind: "idle" });
      }
      return true;
    },
    [connector.name, onConnector, onError, t],
  );

  const complete = useCallback(
    async (current: Attempt, trigger: "message" | "closed") => {
      const result = await completeConnectAction({ token, locale, attemptId: current.id, trigger });
      if (!result.ok) {
        onError(result.error.message);
        setPhase({ kind: "idle" });
        setAttempt(null);
        return;
      }
      if (!settle(result.data) && trigger === "closed") setPhase({ kind: "closed" });
    },
    [token, locale, onError, settle],
  );

  // Cyclr's postMessage: a hint that triggers the server-side check, never proof by itself.
  useEffect(() => {
    if (!attempt) return;
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== serviceOrigin) return;
      if (!popupRef.current || event.source !== popupRef.current) return;
      if (event.data !== attempt.callbackMessage) return;
      setPhase({ kind: "confirming" });
      void complete(attempt, "message");
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [attempt, serviceOrigin, complete]);

  // A closed popup is not a failure: check once more, then offer a retry (and keep polling,
  // since a popup that lost its opener to COOP also looks closed from here).
  useEffect(() => {
    if (!attempt || phase.kind !== "waiting") return;
    const timer = window.setInterval(() => {
      if (popupRef.current?.closed) {
        window.clearInterval(timer);
        void complete(attempt, "closed");
      }
    }, 500);
    return () => window.clearInterval(timer);
  }, [attempt, phase.kind, complete]);

  // The attempt still in progress, for answers that arrive after it was settled another way.
  const live = useRef<string | null>(null);
  useEffect(() => {
    live.current = attempt?.id ?? null;
  }, [attempt]);
  const attemptId = attempt?.id ?? null;
  useQuery({
    queryKey: ["attempt", attemptId],
    queryFn: async () => {
      const view = await fetchAttempt(token, attemptId!);
      if (live.current === view.id) settle(view);
      return view;
    },
    enabled: attemptId !== null && (phase.kind === "waiting" || phase.kind === "closed"),
    refetchInterval: POLL_MS,
    gcTime: 0,
  });

  const start = useCallback(async () => {
    onError(null);
    // Opened before any await: a popup opened later is blocked by Safari and others.
    const popup = window.open("about:blank", `switchboard-${connector.id}`, POPUP_FEATURES);
    if (!popup) {
      setPhase({ kind: "blocked" });
      return;
    }
    popupRef.current = popup;
    setPhase({ kind: "starting" });
    const result = await startConnectAction({ token, locale, connectorId: connector.id, mode: "POPUP" });
    if (!result.ok) {
      popup.close();
      popupRef.current = null;
      onError(result.error.message);
      setPhase({ kind: "idle" });
      return;
    }
    popup.location.href = result.data.url;
    // An offered app was installed by this click: from now on the card is that installed connector.
    onConnector(result.data.connector);
    setAttempt({ id: result.data.attemptId, callbackMessage: result.data.callbackMessage });
    setPhase({ kind: "waiting" });
  }, [connector.id, token, locale, onError, onConnector]);

  const startRedirect = useCallback(async () => {
    onError(null);
    setPhase({ kind: "redirecting" });
    const result = await startConnectAction({ token, locale, connectorId: connector.id, mode: "REDIRECT" });
    if (!result.ok) {
      onError(result.error.message);
      setPhase({ kind: "blocked" });
      return;
    }
    sessionStorage.setItem(returnKey(result.data.attemptId), window.location.pathname);
    window.location.assign(result.data.url);
  }, [connector.id, token, locale, onError]);

  const focusPopup = useCallback(() => popupRef.current?.focus(), []);

  return { phase, start, startRedirect, focusPopup };
}
