import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ConnectorStatus } from "@/lib/generated/prisma/enums";

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
