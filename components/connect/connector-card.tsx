"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { disconnectAction } from "@/app/connect/actions";
import { Button } from "@/components/ui/button";
import type { ConnectorView } from "@/lib/connect/connectors";
import { useConnectSession } from "./connect-session";
import { ConnectProgress } from "./connect-progress";
import { ConnectedOn } from "./connected-on";
import { CredentialsForm } from "./credentials-form";
import { emitHostEvent } from "./host-bridge";
import { sessionGet } from "./session-fetch";
import { StatusText } from "./status-text";
import { useOAuthConnect } from "./use-oauth-connect";

const WATCH_MS = 2000;

const fetchConnector = (token: string, connectorId: string) => sessionGet<ConnectorView>(token, `/api/connect/connectors/${connectorId}`);

const authTypes = ["OAuth2", "ApiKey", "Basic"] as const;
const isKnownAuthType = (authType: string): authType is (typeof authTypes)[number] => (authTypes as readonly string[]).includes(authType);

export function ConnectorCard({ initial }: { initial: ConnectorView }) {
  const { token, embedded } = useConnectSession();
  const t = useTranslations("Connect");
  const locale = useLocale();
  const headingId = useId();
  const [connector, setConnector] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [disconnecting, setDisconnecting] = useState(false);
  const oauth = useOAuthConnect({ connector, onConnector: setConnector, onError: setError });
  const { phase } = oauth;
  // After "Open in a new tab", the user connects there: watch the status until it turns Connected.
  const [watching, setWatching] = useState(false);
  useQuery({
    queryKey: ["connector", connector.id],
    queryFn: async () => {
      const seen = await fetchConnector(token, connector.id);
      setConnector(seen);
      if (seen.status === "CONNECTED") setWatching(false);
      return seen;
    },
    enabled: watching,
    refetchInterval: WATCH_MS,
    gcTime: 0,
  });

  // Status changes are events for the embedding page (a no-op outside an iframe).
  const previous = useRef(initial.status);
  useEffect(() => {
    const before = previous.current;
    previous.current = connector.status;
    if (!embedded || before === connector.status) return;
    const about = { id: connector.id, name: connector.name };
    if (connector.status === "CONNECTED") emitHostEvent({ type: "connected", connector: about });
    else if (connector.status === "FAILED") emitHostEvent({ type: "failed", connector: about });
    else if (before === "CONNECTED") emitHostEvent({ type: "disconnected", connector: about });
  }, [connector.status, connector.id, connector.name, embedded]);

  const connected = connector.status === "CONNECTED";
  const isOAuth = connector.authType === "OAuth2";
  const busy = phase.kind === "starting" || phase.kind === "waiting" || phase.kind === "confirming" || phase.kind === "redirecting" || disconnecting;

  const disconnect = useCallback(async () => {
    setDisconnecting(true);
    setError(null);
    const result = await disconnectAction({ token, locale, connectorId: connector.id });
    setDisconnecting(false);
    if (result.ok) setConnector(result.data);
    else setError(result.error.message);
  }, [token, locale, connector.id]);

  return (
    <article aria-labelledby={headingId} className="rounded-sb-card border border-sb-line bg-sb-surface p-4 shadow-sm">
      <div className="flex items-start gap-4">
        {connector.icon ? (
          // eslint-disable-next-line @next/next/no-img-element -- data: URIs from Cyclr; next/image adds nothing here
          <img src={connector.icon} alt="" width={40} height={40} className="h-10 w-10 shrink-0 rounded-sb" />
        ) : (
          <div aria-hidden className="h-10 w-10 shrink-0 rounded-sb bg-sb-placeholder" />
        )}
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id={headingId} className="truncate font-medium">
              {connector.name}
            </h2>
            <StatusText status={connector.status} />
          </div>
          <p className="mt-0.5 text-sm text-sb-fg-subtle">
            {connector.connectorName !== connector.name && `${connector.connectorName} · `}
            {isKnownAuthType(connector.authType) ? t(`authType.${connector.authType}`) : connector.authType}
          </p>
          {connected && connector.authenticatedAt && <ConnectedOn iso={connector.authenticatedAt} />}
        </div>
      </div>

      <ConnectProgress
        phase={phase}
        words={{
          opening: t("opening", { name: connector.name }),
          waiting: t("waitingPopup"),
          confirming: t("confirming"),
          closed: t("closed", { name: connector.name }),
          redirecting: t("redirecting", { name: connector.name }),
          watching: t("watching"),
        }}
        onFocusPopup={oauth.focusPopup}
        onContinueHere={() => void oauth.startRedirect()}
        watching={watching}
        onWatching={setWatching}
      />
      {error && (
        <p role="alert" className="mt-3 text-sm text-sb-danger">
          {error}
        </p>
      )}

      {!formOpen && (
        <div className="mt-4 flex flex-wrap gap-2">
          <Button variant={connected ? "secondary" : "primary"} disabled={busy} onClick={() => (isOAuth ? void oauth.start() : setFormOpen(true))}>
            {t(connected ? "reconnect" : "connect", { name: connector.name })}
          </Button>
          {connected && (
            <Button disabled={busy} onClick={() => void disconnect()}>
              {disconnecting ? t("disconnecting") : t("disconnect", { name: connector.name })}
            </Button>
          )}
        </div>
      )}
      {formOpen && (
        <CredentialsForm
          connector={connector}
          onDone={(next) => {
            setConnector(next);
            setFormOpen(false);
          }}
          onCancel={() => setFormOpen(false)}
        />
      )}
    </article>
  );
}
