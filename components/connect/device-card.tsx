"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useId, useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { DeviceView } from "@/lib/devices/devices";
import type { DevicesSection } from "@/lib/devices/page";
import type { DeviceType } from "@/lib/devices/settings";
import { ConnectProgress } from "./connect-progress";
import { useConnectSession } from "./connect-session";
import { ConnectedOn } from "./connected-on";
import { sessionGet } from "./session-fetch";
import { makeAndModel, useDeviceConnect, type DeviceTarget } from "./use-device-connect";

const WATCH_MS = 2000;

type CardProps = {
  /** A new device of this type, or (Reconnect) this device. */
  target: DeviceTarget;
  type: DeviceType;
  /** The heading: the type's name, or the device's manufacturer and model. */
  title: string;
  /** The badge, if any, beside the heading. */
  badge: React.ReactNode;
  /** Below the heading. */
  details: React.ReactNode;
  /** The button's words; null: no button (a connected device). */
  action: string | null;
  primary: boolean;
  /** The host gave no email: the button stays disabled and points at the section's message. */
  blockedBy?: string;
  /** When Podero names a device (connected or reconnected), or the section was read again while watching. */
  onDevice: (device: DeviceView) => void;
  onSection: (section: DevicesSection) => void;
  /** While watching another tab: whether the card's connection has arrived. */
  arrived: (section: DevicesSection) => boolean;
};

// One card of the Devices section: Podero's page in a popup (or the tab), its progress and
// its outcome in words. After "Open in a new tab" (embedded, popup blocked) the section is
// read again every few seconds until the device arrives.
function Card({ target, type, title, badge, details, action, primary, blockedBy, onDevice, onSection, arrived }: CardProps) {
  const { token } = useConnectSession();
  const t = useTranslations("Devices");
  const headingId = useId();
  const [error, setError] = useState<string | null>(null);
  const connect = useDeviceConnect({ target, name: title, onDevice, onError: setError });
  const { phase } = connect;
  const [watching, setWatching] = useState(false);
  useQuery({
    queryKey: ["devices", headingId],
    queryFn: async () => {
      const section = await sessionGet<DevicesSection>(token, "/api/connect/devices");
      onSection(section);
      if (arrived(section)) setWatching(false);
      return section;
    },
    enabled: watching,
    refetchInterval: WATCH_MS,
    gcTime: 0,
  });
  const busy = phase.kind === "starting" || phase.kind === "waiting" || phase.kind === "confirming" || phase.kind === "redirecting";

  return (
    <li>
      <article aria-labelledby={headingId} className="rounded-sb-card border border-sb-line bg-sb-surface p-4 shadow-sm">
        <div className="flex items-start gap-4">
          <DeviceIcon type={type} />
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <h3 id={headingId} className="truncate font-medium">
                {title}
              </h3>
              {badge}
            </div>
            {details}
          </div>
        </div>
        <ConnectProgress
          phase={phase}
          words={{
            opening: t("opening"),
            waiting: t("waitingPopup"),
            confirming: t("confirming"),
            closed: t("closed"),
            redirecting: t("redirecting"),
            watching: t("watching"),
          }}
          onFocusPopup={connect.focusPopup}
          onContinueHere={() => void connect.startRedirect()}
          watching={watching}
          onWatching={setWatching}
        />
        {error && (
          <p role="alert" className="mt-3 text-sm text-sb-danger">
            {error}
          </p>
        )}
        {action && (
          <div className="mt-4">
            <Button
              variant={primary ? "primary" : "secondary"}
              disabled={busy || Boolean(blockedBy)}
              aria-describedby={blockedBy}
              onClick={() => void connect.start()}
            >
              {action}
            </Button>
          </div>
        )}
      </article>
    </li>
  );
}

type SectionHandlers = { onDevice: (device: DeviceView) => void; onSection: (section: DevicesSection) => void };

/** "Connect an electric vehicle": a card per type the partner offers. */
export function TypeCard({ type, count, blockedBy, ...handlers }: { type: DeviceType; count: number; blockedBy?: string } & SectionHandlers) {
  const t = useTranslations("Devices");
  const target = useMemo(() => ({ type }), [type]);
  const arrived = useCallback((section: DevicesSection) => section.devices.filter((device) => device.type === type).length > count, [type, count]);
  return (
    <Card
      target={target}
      type={type}
      title={t(`type.${type}`)}
      badge={count === 0 ? <Badge tone="neutral">{t("status.notConnected")}</Badge> : null}
      details={<p className="mt-0.5 text-sm text-sb-fg-subtle">{t("throughPodero")}</p>}
      action={count === 0 ? t(`connectType.${type}`) : t(`connectAnother.${type}`)}
      primary={count === 0}
      blockedBy={blockedBy}
      arrived={arrived}
      {...handlers}
    />
  );
}

/** A device the user has at Podero: Connected, or Needs attention with Reconnect. */
export function DeviceCard({ device, ...handlers }: { device: DeviceView } & SectionHandlers) {
  const t = useTranslations("Devices");
  const target = useMemo(() => ({ deviceId: device.id }), [device.id]);
  const name = makeAndModel(device) || t(`type.${device.type}`);
  const connected = device.status === "CONNECTED";
  const reconnected = useCallback(
    (section: DevicesSection) => section.devices.some((seen) => seen.id === device.id && seen.status === "CONNECTED"),
    [device.id],
  );
  return (
    <Card
      target={target}
      type={device.type}
      title={name}
      badge={connected ? <Badge tone="success">{t("status.connected")}</Badge> : <Badge tone="warning">{t("status.needsAttention")}</Badge>}
      details={
        <>
          <p className="mt-0.5 text-sm text-sb-fg-subtle">{t("deviceLine", { type: t(`type.${device.type}`) })}</p>
          {connected && device.connectedAt && <ConnectedOn iso={device.connectedAt} />}
          {!connected && <p className="mt-1 text-sm text-sb-fg-muted">{t("needsAttentionText", { name })}</p>}
        </>
      }
      action={connected ? null : t("reconnect", { name })}
      primary
      arrived={reconnected}
      {...handlers}
    />
  );
}

const paths: Record<DeviceType, React.ReactNode> = {
  // A car from the side.
  ev: (
    <>
      <path d="M4 15.5h16v-3l-2-4.5H6.5L4 12.5z" />
      <circle cx="8" cy="16.5" r="1.75" />
      <circle cx="16" cy="16.5" r="1.75" />
    </>
  ),
  // A fan in a housing.
  hp: (
    <>
      <rect x="3.5" y="4.5" width="17" height="15" rx="2" />
      <circle cx="12" cy="12" r="4.5" />
      <path d="M12 7.5v9M7.5 12h9" />
    </>
  ),
  // A battery with a bolt.
  iv: (
    <>
      <rect x="6.5" y="5" width="11" height="15" rx="2" />
      <path d="M10 3.5h4M12.5 8.5 10.5 12.5h3l-2 4" />
    </>
  ),
  // A charging plug on its cable.
  wb: (
    <>
      <rect x="6" y="3.5" width="9" height="12" rx="2" />
      <path d="M9 7.5h3M10.5 15.5v2.5a2.5 2.5 0 0 0 5 0V13h2.5" />
    </>
  ),
};

function DeviceIcon({ type }: { type: DeviceType }) {
  return (
    <div aria-hidden className="flex h-10 w-10 shrink-0 items-center justify-center rounded-sb bg-sb-fill text-sb-fg-2">
      <svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round">
        {paths[type]}
      </svg>
    </div>
  );
}
