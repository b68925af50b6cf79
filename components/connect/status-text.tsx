import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ConnectorView } from "@/lib/connect/connectors";

type Label = "connected" | "notConnected" | "failed";

// End users see three states; a connector disconnected by anyone is simply not connected.
export function statusLabel(status: ConnectorView["status"]): Label {
  if (status === "CONNECTED") return "connected";
  if (status === "FAILED") return "failed";
  return "notConnected";
}

const tone: Record<Label, BadgeTone> = { connected: "success", notConnected: "neutral", failed: "danger" };

export function StatusText({ status }: { status: ConnectorView["status"] }) {
  const t = useTranslations("Connect.status");
  const label = statusLabel(status);
  return <Badge tone={tone[label]}>{t(label)}</Badge>;
}
