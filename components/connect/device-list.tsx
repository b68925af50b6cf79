"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { DeviceView } from "@/lib/devices/devices";
import type { DevicesSection } from "@/lib/devices/page";
import { useConnectSession } from "./connect-session";
import { DeviceCard, TypeCard } from "./device-card";
import { emitHostEvent } from "./host-bridge";
import { makeAndModel } from "./use-device-connect";

// The connect page's Devices section, after the apps: the user's devices at Podero (Connected,
// or Needs attention with Reconnect), then one "Connect a …" card per type the partner offers.
// Without the user's email (the host did not send one) nothing can be connected, and it says so.
export function DeviceList({ section }: { section: DevicesSection }) {
  const t = useTranslations("Devices");
  const { embedded } = useConnectSession();
  const headingId = useId();
  const noteId = useId();
  const [devices, setDevices] = useState(section.devices);
  const [needsEmail, setNeedsEmail] = useState(section.needsEmail);

  const onDevice = useCallback((device: DeviceView) => {
    setNeedsEmail(false);
    setDevices((current) =>
      current.some((seen) => seen.id === device.id) ? current.map((seen) => (seen.id === device.id ? device : seen)) : [...current, device],
    );
  }, []);
  const onSection = useCallback((next: DevicesSection) => {
    setDevices(next.devices);
    setNeedsEmail(next.needsEmail);
  }, []);

  // Status changes are events for the embedding page (a no-op outside an iframe).
  const previous = useRef(new Map(section.devices.map((device) => [device.id, device.status])));
  useEffect(() => {
    const before = previous.current;
    previous.current = new Map(devices.map((device) => [device.id, device.status]));
    if (!embedded) return;
    for (const device of devices) {
      const was = before.get(device.id);
      if (was === device.status) continue;
      const about = { id: device.id, type: device.type, name: makeAndModel(device) || device.typeName };
      if (device.status === "CONNECTED") emitHostEvent({ type: "connected", device: about });
      else if (was === "CONNECTED") emitHostEvent({ type: "disconnected", device: about });
    }
  }, [devices, embedded]);

  return (
    <section aria-labelledby={headingId} className="mt-10">
      <h2 id={headingId} className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="mt-1 text-sm text-sb-fg-muted">{t("intro")}</p>
      {section.warning !== null && (
        <p role="status" className="mt-4 rounded-sb-card border border-sb-warn-line bg-sb-warn-bg px-4 py-3 text-sm text-sb-warn-fg">
          {t("warning")}
        </p>
      )}
      {needsEmail && (
        <p id={noteId} className="mt-4 rounded-sb-card border border-sb-warn-line bg-sb-warn-bg px-4 py-3 text-sm text-sb-warn-fg">
          {t("needsEmail")}
        </p>
      )}
      <ul className="mt-4 space-y-3">
        {devices.map((device) => (
          <DeviceCard key={device.id} device={device} onDevice={onDevice} onSection={onSection} />
        ))}
        {section.offeredTypes.map(({ type }) => (
          <TypeCard
            key={type}
            type={type}
            count={devices.filter((device) => device.type === type).length}
            blockedBy={needsEmail ? noteId : undefined}
            onDevice={onDevice}
            onSection={onSection}
          />
        ))}
      </ul>
    </section>
  );
}
