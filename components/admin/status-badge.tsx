import type { ConnectorStatus } from "@/lib/generated/prisma/enums";

export const statusLabels: Record<ConnectorStatus, string> = {
  CONNECTED: "Connected",
  NOT_CONNECTED: "Not connected",
  FAILED: "Failed",
  DISCONNECTED: "Disconnected",
};

const tone: Record<ConnectorStatus, string> = {
  CONNECTED: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  NOT_CONNECTED: "bg-slate-100 text-slate-700 ring-slate-500/20",
  FAILED: "bg-red-50 text-red-800 ring-red-600/20",
  DISCONNECTED: "bg-amber-50 text-amber-900 ring-amber-600/20",
};

export function StatusBadge({ status }: { status: ConnectorStatus }) {
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone[status]}`}>{statusLabels[status]}</span>;
}
