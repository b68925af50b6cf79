import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ConnectorStatus, DeviceStatus } from "@/lib/generated/prisma/enums";

// Admins see all four connector statuses (end users see three: components/connect/status-text.tsx).
export const statusLabels: Record<ConnectorStatus, string> = {
  CONNECTED: "Connected",
  NOT_CONNECTED: "Not connected",
  FAILED: "Failed",
  DISCONNECTED: "Disconnected",
};

const tone: Record<ConnectorStatus, BadgeTone> = {
  CONNECTED: "success",
  NOT_CONNECTED: "neutral",
  FAILED: "danger",
  DISCONNECTED: "warning",
};

export function StatusBadge({ status }: { status: ConnectorStatus }) {
  return <Badge tone={tone[status]}>{statusLabels[status]}</Badge>;
}

// A Podero device's three (lib/devices/writes.ts): Needs attention asks the user to act, as Failed does.
export const deviceStatusLabels: Record<DeviceStatus, string> = {
  CONNECTED: "Connected",
  NEEDS_ATTENTION: "Needs attention",
  DISCONNECTED: "Disconnected",
};

const deviceTone: Record<DeviceStatus, BadgeTone> = {
  CONNECTED: "success",
  NEEDS_ATTENTION: "danger",
  DISCONNECTED: "warning",
};

export function DeviceStatusBadge({ status }: { status: DeviceStatus }) {
  return <Badge tone={deviceTone[status]}>{deviceStatusLabels[status]}</Badge>;
}

/** Any status the connectors list shows, by its label. */
export const listStatusLabels: Record<ConnectorStatus | DeviceStatus, string> = { ...statusLabels, ...deviceStatusLabels };
