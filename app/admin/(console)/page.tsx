import type { Metadata } from "next";
import Link from "next/link";
import { AttemptsChart } from "@/components/admin/attempts-chart";
import { statusLabels } from "@/components/admin/status-badge";
import { SyncButton } from "@/components/admin/sync-button";
import { requireAdmin } from "@/lib/admin/guard";
import { overview, statuses } from "@/lib/admin/queries";
import { deviceSettings } from "@/lib/devices/settings";
import { lastSync } from "@/lib/sync/cyclr-sync";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Overview" };

function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  return seconds < 90 ? `${Math.round(seconds)} s` : `${(seconds / 60).toFixed(1)} min`;
}

export default async function OverviewPage() {
  const admin = await requireAdmin();
  const [data, sync] = await Promise.all([overview(), lastSync()]);
  // The counts are connectors': with Podero configured the list they link to holds devices too, unless asked for Cyclr's.
  const cyclrOnly = deviceSettings() ? "&provider=cyclr" : "";
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Overview</h1>
          <p className="text-sm text-slate-600">
            {sync ? (
              <>
                Last synced from Cyclr <LocalTime iso={sync.at} />
                {sync.outcome === "failure" ? ` (with errors: ${sync.message})` : ""}.
              </>
            ) : (
              "Not synced from Cyclr yet."
            )}
          </p>
        </div>
        <SyncButton canSync={admin.role === "admin"} />
      </div>
      <section aria-labelledby="counts">
        <h2 id="counts" className="sr-only">
          Connectors by status
        </h2>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          {statuses.map((s) => (
            <div key={s} className="rounded-lg border border-slate-200 bg-white p-4">
              <dt className="text-sm text-slate-600">{statusLabels[s]}</dt>
              <dd className="mt-1 text-2xl font-semibold">
                <Link href={`/admin/connectors?status=${s}${cyclrOnly}`} className="hover:underline">
                  {data.counts[s].toLocaleString()}
                </Link>
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="attempts" className="rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="attempts" className="font-medium">
            Connect attempts, last 30 days
          </h2>
          <p className="text-sm text-slate-600">
            Median time from click to connected: <strong>{duration(data.medianSecondsToConnect)}</strong>
          </p>
        </div>
        <AttemptsChart days={data.days} />
      </section>
      <section aria-labelledby="failures" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="failures" className="font-medium">
          Most recent failures
        </h2>
        {data.recentFailures.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No failed attempts.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100 text-sm">
            {data.recentFailures.map((f) => (
              <li key={f.id} className="py-2">
                <Link href={`/admin/accounts/${f.accountId}`} className="font-medium text-indigo-700 hover:underline">
                  {f.connectorName}
                </Link>{" "}
                · {f.accountName} · <LocalTime iso={f.at} />
                {f.error && <div className="text-slate-600">{f.error}</div>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
