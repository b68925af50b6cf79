"use client";

import { useTranslations, type AbstractIntlMessages } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { startConnectAction } from "@/app/connect/actions";
import type { AttemptView } from "@/lib/connect/attempts";
import type { ConnectorView } from "@/lib/connect/connectors";
import type { HeadlessStart } from "@/lib/connect/headless";
import type { Locale } from "@/lib/i18n/locales";
import { ConnectSessionProvider } from "./connect-session";
import { CredentialsForm } from "./credentials-form";
import { MessagePage } from "./message-page";
import { sessionGet } from "./session-fetch";
import { returnKey } from "./use-oauth-connect";

// The popup the SDK's headless `connect()` opens from the host's own button. Its opener is
// trusted only once it has answered a hello posted to each of the session's allowed origins
// (a postMessage to an origin the opener is not on is dropped by the browser) with an init
// from that very window: then the outcome goes to that exact origin, never "*". An OAuth
// connector is signed in to in this window (the redirect flow: Cyclr sends the popup back to
// /connect/return, which checks the attempt and comes back here to report it); a form
// connector shows its form here.

type Outcome = { type: "connected" | "failed" | "cancelled"; connector: { id: string; name: string } | null; reason?: string };

type Phase =
  | { kind: "greeting" }
  | { kind: "refused" }
  | { kind: "working"; text: string }
  | { kind: "form"; connector: ConnectorView }
  | { kind: "done"; title: string; text: string };

/** How long the opener has to answer the hello before the page refuses to act for it. */
const GREETING_MS = 4000;

const pendingKey = (token: string) => `switchboard:headless:${token}`;

const about = (connector: { id: string; name: string }) => ({ id: connector.id, name: connector.name });

type Translate = ReturnType<typeof useTranslations<"Headless">>;

/** An attempt's outcome as the host hears it (in English, for its developers), and as this window says it (in the page's language). */
function outcomeOf(view: AttemptView, t: Translate): { outcome: Outcome; title: string; text: string } {
  const connector = about(view.connector);
  const name = view.connector.name;
  if (view.status === "SUCCEEDED") return { outcome: { type: "connected", connector }, title: t("connected", { name }), text: t("goBack") };
  if (view.status === "CANCELLED") {
    return {
      outcome: { type: "cancelled", connector, reason: "A newer attempt took its place." },
      title: t("notConnected", { name }),
      text: t("goBack"),
    };
  }
  const reason = view.status === "EXPIRED" ? "The attempt expired before the authorization finished." : "The authorization did not complete.";
  return {
    outcome: { type: "failed", connector, reason },
    title: t("notConnected", { name }),
    text: view.status === "EXPIRED" ? t("expired") : t("incomplete"),
  };
}

type Props = {
  start: HeadlessStart;
  /** The start's message (an expired link, an unknown app) in the page's language. */
  shown: string | null;
  token: string;
  /** The page's language and the Connect messages, for the form's own words. */
  locale: Locale;
  messages: AbstractIntlMessages;
};

export function HeadlessConnect({ start, shown, token, locale, messages }: Props) {
  const t = useTranslations("Headless");
  const [phase, setPhase] = useState<Phase>({ kind: "greeting" });
  const host = useRef<{ window: Window; origin: string } | null>(null);

  const report = (outcome: Outcome, title: string, text: string) => {
    setPhase({ kind: "done", title, text });
    if (!host.current) return;
    host.current.window.postMessage({ source: "switchboard", ...outcome }, host.current.origin);
    window.close();
  };

  // Runs once the opener has proved its origin.
  const proceed = useRef(async (): Promise<void> => {
    if (start.kind === "expired" || start.kind === "unknown") {
      report({ type: "failed", connector: null, reason: start.message }, t("cannotConnect"), shown ?? start.message);
      return;
    }
    if (start.kind === "resume") {
      const attemptId = sessionStorage.getItem(pendingKey(token));
      sessionStorage.removeItem(pendingKey(token));
      if (!attemptId) {
        report({ type: "failed", connector: null, reason: "There was no connection to finish." }, t("nothingToFinish"), t("goBackRetry"));
        return;
      }
      setPhase({ kind: "working", text: t("finishing") });
      const view = await sessionGet<AttemptView>(token, `/api/connect/attempts/${attemptId}`).catch(() => null);
      if (!view) {
        report({ type: "failed", connector: null, reason: "The connection could not be checked." }, t("couldNotFinish"), t("goBackRetry"));
        return;
      }
      const { outcome, title, text } = outcomeOf(view, t);
      report(outcome, title, text);
      return;
    }
    if (start.kind !== "ready") return;
    const { connector } = start;
    if (connector.authType !== "OAuth2") {
      setPhase({ kind: "form", connector });
      return;
    }
    setPhase({ kind: "working", text: t("opening", { name: connector.name }) });
    const result = await startConnectAction({ token, locale, connectorId: connector.id, mode: "REDIRECT" });
    if (!result.ok) {
      report(
        { type: "failed", connector: connector.installed ? about(connector) : null, reason: result.error.message },
        t("notConnected", { name: connector.name }),
        result.error.message,
      );
      return;
    }
    // The way back: /connect/return checks the attempt, then comes back to this page.
    sessionStorage.setItem(returnKey(result.data.attemptId), `/connect/${token}/start`);
    sessionStorage.setItem(pendingKey(token), result.data.attemptId);
    window.location.assign(result.data.url);
  });

  useEffect(() => {
    if (start.kind === "invalid" || start.kind === "limited") return;
    const opener = window.opener as Window | null;
    const origins = start.allowedOrigins;
    if (!opener || origins.length === 0) {
      // Back from a sign-in page that cut this window off from its opener (COOP): say how it
      // went here; the host learns it from its webhooks or the host API.
      if (start.kind === "resume" && opener === null) void proceed.current();
      else queueMicrotask(() => setPhase({ kind: "refused" }));
      return;
    }
    const onMessage = (event: MessageEvent) => {
      if (event.source !== opener || !origins.includes(event.origin)) return;
      const data = event.data as { source?: unknown; type?: unknown } | null;
      if (!data || data.source !== "switchboard-host" || data.type !== "init" || host.current) return;
      host.current = { window: opener, origin: event.origin };
      window.clearTimeout(timer);
      window.removeEventListener("message", onMessage);
      void proceed.current();
    };
    window.addEventListener("message", onMessage);
    const timer = window.setTimeout(() => {
      window.removeEventListener("message", onMessage);
      setPhase({ kind: "refused" });
    }, GREETING_MS);
    for (const origin of origins) opener.postMessage({ source: "switchboard", type: "hello" }, origin);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener("message", onMessage);
    };
  }, [start]);

  if (start.kind === "invalid") {
    return (
      <MessagePage title={t("invalidTitle")}>
        <p>{t("goBackRetry")}</p>
      </MessagePage>
    );
  }
  if (start.kind === "limited") {
    return (
      <MessagePage title={t("limitedTitle")}>
        <p>{t("limitedText", { seconds: start.retryAfter })}</p>
      </MessagePage>
    );
  }
  if (phase.kind === "refused") {
    return (
      <MessagePage title={t("refusedTitle")}>
        <p>{t("refusedText")}</p>
      </MessagePage>
    );
  }
  if (phase.kind === "done") {
    return (
      <MessagePage title={phase.title}>
        <p>{phase.text}</p>
      </MessagePage>
    );
  }
  if (phase.kind === "form") {
    const { connector } = phase;
    return (
      <MessagePage title={t("connectTitle", { name: connector.name })}>
        {/* No popup of Cyclr's is listened to here: the form needs the token only. */}
        <ConnectSessionProvider token={token} serviceOrigin="" embedded={false} locale={locale} messages={messages}>
          <CredentialsForm
            connector={connector}
            onDone={(next) => report({ type: "connected", connector: about(next) }, t("connected", { name: next.name }), t("goBack"))}
            onCancel={() =>
              report({ type: "cancelled", connector: null, reason: "The form was cancelled." }, t("notConnected", { name: connector.name }), t("goBack"))
            }
          />
        </ConnectSessionProvider>
      </MessagePage>
    );
  }
  return (
    <MessagePage title={t("connecting")}>
      <p role="status">{phase.kind === "working" ? phase.text : t("oneMoment")}</p>
    </MessagePage>
  );
}
