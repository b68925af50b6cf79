import type { Metadata } from "next";
import Link from "next/link";
import { deliveryFilter, deliveryPage, type DeliveryView } from "@/lib/webhooks/endpoints";
import { DeliveryTable } from "@/components/admin/webhook-deliveries";
import { requireAdmin } from "@/lib/admin/guard";

export const metadata: Metadata = { title: "Webhook deliveries" };

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin();
  const filter = deliveryFilter.parse(await searchParams);
  const { status, after, before } = filter;
  const initial = await deliveryPage(filter);
  const tab = "rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300";
  const filters: [string, DeliveryView["status"] | undefined][] = [
    ["All", undefined],
    ["Retrying", "PENDING"],
    ["Delivered", "DELIVERED"],
    ["Failed", "FAILED"],
  ];
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Webhook deliveries</h1>
        <p className="text-sm text-slate-600">
          Every connector.connected, connector.disconnected and connector.failed event sent to the webhook URLs set on{" "}
          <Link href="/admin/api-keys" className="underline">
            API keys
          </Link>
          , newest first. Failed sends are retried with growing delays; after the last attempt a delivery is marked failed and an admin may retry it.
        </p>
      </div>
      <nav aria-label="Delivery status" className="flex flex-wrap gap-2">
        {filters.map(([name, value]) => (
          <Link
            key={name}
            href={value ? `/admin/webhooks?status=${value}` : "/admin/webhooks"}
            aria-current={status === value ? "page" : undefined}
            className={`${tab} ${status === value ? "bg-slate-800 text-white" : "text-slate-700 hover:bg-slate-50"}`}
          >
            {name}
          </Link>
        ))}
      </nav>
      <DeliveryTable initial={initial} status={status} cursor={{ after, before }} canRetry={admin.role === "admin"} />
    </div>
  );
}
