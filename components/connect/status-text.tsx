import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ConnectorView } from "@/lib/connect/connectors";

type Label = "Connected" | "Not connected" | "Failed";

// End users see three states; a connector disconnected by anyone is simply not connected.
export function statusLabel(status: ConnectorView["status"]): Label {
  if (status === "CONNECTED") return "Connected";
  if (status === "FAILED") return "Failed";
  return "Not connected";
}

const tone: Record<Label, BadgeTone> = { Connected: "success", "Not connected": "neutral", Failed: "danger" };

export function StatusText({ status }: { status: ConnectorView["status"] }) {
  const label = statusLabel(status);
  return <Badge tone={tone[label]}>{label}</Badge>;
}
