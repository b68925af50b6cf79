import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ConnectLinkButton } from "@/components/admin/connect-link-button";
import { ConnectorTable } from "@/components/admin/connector-table";
import { DeviceTable } from "@/components/admin/device-table";
import { requireAdmin } from "@/lib/admin/guard";
import { accountDetail, connectorListFilters, listConnectorRows } from "@/lib/admin/queries";
import { accountDeviceRows } from "@/lib/devices/queries";
import { deviceSettings } from "@/lib/devices/settings";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Account" };

// Its connectors table pages like the connectors list (after/before cursors in the URL).
const cursors = connectorListFilters.pick({ after: true, before: true });

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdmin();
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const cursor = cursors.parse(await searchParams);
  const query = new URLSearchParams({
    account: id,
    provider: "cyclr",
    ...(cursor.after ? { after: cursor.after } : cursor.before ? { before: cursor.before } : {}),
  }).toString();
  const detail = await accountDetail(id);
  if (!detail) notFound();
  // Its connectors here are Cyclr's; its Podero devices (with Podero configured) have their own section.
  const [page, devices] = await Promise.all([listConnectorRows({ provider: "cyclr", ...cursor }, id), deviceSettings() ? accountDeviceRows(id) : null]);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{detail.account.name}</h1>
          <p className="text-sm text-slate-600">Cyclr account {detail.account.cyclrAccountId}</p>
        </div>
        {admin.role === "admin" && !detail.account.retiredAt && <ConnectLinkButton accountId={id} />}
      </div>
      {detail.account.retiredAt && (
        <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Retired on <LocalTime iso={detail.account.retiredAt} />: Cyclr no longer lists this account. Its history stays here; it comes back if Cyclr lists it
          again.
        </p>
      )}
      <section aria-labelledby="connectors">
        <h2 id="connectors" className="mb-2 font-medium">
          Connectors
        </h2>
        <ConnectorTable initial={page} query={query} canAct={admin.role === "admin"} showAccount={false} />
      </section>
      {devices && (
        <section aria-labelledby="devices">
          <h2 id="devices" className="mb-2 font-medium">
            Devices
          </h2>
          <DeviceTable initial={devices} accountId={id} cyclrAccountId={detail.account.cyclrAccountId} />
        </section>
      )}
      <section aria-labelledby="timeline">
        <h2 id="timeline" className="mb-2 font-medium">
          Timeline
        </h2>
        {detail.events.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing has happened yet.</p>
        ) : (
          <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
            {detail.events.map((e) => (
              <li key={e.id} className="flex flex-wrap gap-x-3 px-4 py-2">
                <LocalTime iso={e.at} className="text-slate-500" />
                <span className="font-medium">{e.type}</span>
                {(e.connectorName ?? e.deviceName) && <span>{e.connectorName ?? e.deviceName}</span>}
                <span className={e.outcome === "failure" ? "text-red-700" : "text-slate-600"}>{e.outcome}</span>
                <span className="text-slate-500">by {e.actor}</span>
                {e.message && <span className="w-full text-slate-600">{e.message}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
