import type { ConnectorView } from "@/lib/connect/connectors";

// End users see three states; a connector disconnected by anyone is simply not connected.
export function statusLabel(status: ConnectorView["status"]): "Connected" | "Not connected" | "Failed" {
  if (status === "CONNECTED") return "Connected";
  if (status === "FAILED") return "Failed";
  return "Not connected";
}

const tone = {
  Connected: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  "Not connected": "bg-slate-100 text-slate-700 ring-slate-500/20",
  Failed: "bg-red-50 text-red-800 ring-red-600/20",
} as const;

export function StatusText({ status }: { status: ConnectorView["status"] }) {
  const label = statusLabel(status);
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone[label]}`}>{label}</span>;
}
