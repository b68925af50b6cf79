import "server-only";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { RetryDeliveryButton } from "@/components/admin/api-keys";
import { AutoRefresh } from "@/components/admin/auto-refresh";
import { requireAdmin } from "@/lib/admin/guard";
import { DELIVERY_PAGE, listDeliveries, type DeliveryRow } from "@/lib/webhooks/endpoints";

export const metadata: Metadata = { title: "Webhook deliveries" };

const params = z.object({
  status: z.enum(["PENDING", "DELIVERED", "FAILED"]).optional().catch(undefined),
  before: z
    .string()
    .regex(/^\d{13}_[0-9a-f-]{36}$/)
    .optional()
    .catch(undefined),
});

const statusText: Record<DeliveryRow["status"], { label: string; tone: string }> = {
  PENDING: { label: "Retrying", tone: "bg-amber-50 text-amber-900 ring-amber-600/20" },
  DELIVERED: { label: "Delivered", tone: "bg-emerald-50 text-emerald-800 ring-emerald-600/20" },
  FAILED: { label: "Failed", tone: "bg-red-50 text-red-800 ring-red-600/20" },
};

const time = (date: Date | null) => (date ? <time dateTime={date.toISOString()}>{date.toLocaleString()}</time> : "—");

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin();
  const { status, before } = params.parse(await searchParams);
  const [at, id] = before?.split("_") ?? [];
  const rows = await listDeliveries({ status, before: at && id ? { createdAt: new Date(Number(at)), id } : undefined });
  const last = rows.at(-1);
  const tab = "rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300";
  const filters: [string, DeliveryRow["status"] | undefined][] = [["All", undefined], ["Retrying", "PENDING"], ["Delivered", "DELIVERED"], ["Failed", "FAILED"]];
  return (
    <div className="space-y-4">
      <AutoRefresh />
      <div>
        <h1 className="text-2xl font-semibold">Webhook deliveries</h1>
        <p className="text-sm text-slate-600">
          Every connector.connected, connector.disconnected and connector.failed event sent to the webhook URLs set on <Link href="/admin/api-keys" className="underline">API keys</Link>,
          newest first. Failed sends are retried with growing delays; after the last attempt a delivery is marked failed and an admin may retry it.
        </p>
      </div>
      <nav aria-label="Delivery status" className="flex flex-wrap gap-2">
        {filters.map(([name, value]) => (
          <Link key={name} href={value ? `/admin/webhooks?status=${value}` : "/admin/webhooks"} aria-current={status === value ? "page" : undefined} className={`${tab} ${status === value ? "bg-slate-800 text-white" : "text-slate-700 hover:bg-slate-50"}`}>
            {name}
          </Link>
        ))}
      </nav>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              {["Queued", "Event", "Key and URL", "Status", "Attempts", "Last answer", "Next attempt"].map((heading) => (
                <th key={heading} scope="col" className="px-3 py-2 font-medium">{heading}</th>
              ))}
              {admin.role === "admin" && <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 && (
              <tr>
                <td colSpan={8} className="px-3 py-6 text-center text-slate-500">No deliveries{status ? " with this status" : " yet: set a webhook URL on an API key"}.</td>
              </tr>
            )}
            {rows.map((row) => (
              <tr key={row.id}>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{time(row.createdAt)}</td>
                <td className="px-3 py-2">
                  <div className="font-medium">{row.eventType}</div>
                  <div className="font-mono text-xs text-slate-500">{row.eventId}</div>
                </td>
                <td className="max-w-64 px-3 py-2">
                  <div>{row.keyName}</div>
                  <div className="break-all font-mono text-xs text-slate-500">{row.url ?? "webhook removed"}</div>
                </td>
                <td className="px-3 py-2">
                  <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${statusText[row.status].tone}`}>{statusText[row.status].label}</span>
                </td>
                <td className="px-3 py-2 tabular-nums">{row.attempts}</td>
                <td className="max-w-64 px-3 py-2 text-slate-700">
                  {row.lastError ?? (row.lastStatusCode ? `HTTP ${row.lastStatusCode}` : "—")}
                  {row.lastAttemptAt && <div className="text-xs text-slate-500">{time(row.lastAttemptAt)}</div>}
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{time(row.nextAttemptAt)}</td>
                {admin.role === "admin" && <td className="px-3 py-2 text-right">{row.status === "FAILED" && <RetryDeliveryButton id={row.id} />}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === DELIVERY_PAGE && last && (
        <Link href={`/admin/webhooks?${new URLSearchParams({ ...(status ? { status } : {}), before: `${last.createdAt.getTime()}_${last.id}` })}`} className="inline-block text-sm underline">
          Older deliveries
        </Link>
      )}
    </div>
  );
}
