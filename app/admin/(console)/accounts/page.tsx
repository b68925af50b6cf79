import "server-only";
import type { Metadata } from "next";
import Link from "next/link";
import { Filters } from "@/components/admin/filters";
import { statusLabels } from "@/components/admin/status-badge";
import { requireAdmin } from "@/lib/admin/guard";
import { connectorNames, listAccountRows, listFilters, statuses } from "@/lib/admin/queries";

export const metadata: Metadata = { title: "Accounts" };

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const filters = listFilters.parse(await searchParams);
  const [page, names] = await Promise.all([listAccountRows(filters), connectorNames()]);
  const keep = Object.fromEntries(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[0] !== "after"));
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">{filters.retired ? "Retired accounts" : "Accounts"}</h1>
        <Link href={filters.retired ? "/admin/accounts" : "/admin/accounts?retired=1"} className="text-sm text-indigo-700 hover:underline">
          {filters.retired ? "← Active accounts" : "Retired accounts"}
        </Link>
      </div>
      {filters.retired && <p className="mb-4 text-sm text-slate-600">Cyclr no longer lists these accounts. Their history stays; a sync brings an account back if Cyclr lists it again.</p>}
      <Filters q={filters.q} status={filters.status} connector={filters.connector} connectors={names} keep={filters.retired ? { retired: "1" } : {}} />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Account</th>
              {statuses.map((s) => (
                <th key={s} scope="col" className="px-4 py-2 text-right font-medium">{statusLabels[s]}</th>
              ))}
              <th scope="col" className="px-4 py-2 font-medium">Last synced</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.rows.length === 0 && (
              <tr>
                <td colSpan={6} className="px-4 py-6 text-center text-slate-500">No accounts match.</td>
              </tr>
            )}
            {page.rows.map((row) => (
              <tr key={row.id}>
                <td className="px-4 py-2">
                  <Link href={`/admin/accounts/${row.id}`} className="font-medium text-indigo-700 hover:underline">{row.name}</Link>
                  <div className="text-xs text-slate-500">{row.cyclrAccountId}</div>
                </td>
                {statuses.map((s) => (
                  <td key={s} className="px-4 py-2 text-right tabular-nums">{row.counts[s]}</td>
                ))}
                <td className="px-4 py-2 text-slate-600">{row.lastSyncedAt ? new Date(row.lastSyncedAt).toLocaleString() : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.next && (
        <p className="mt-3 text-sm">
          <Link className="text-indigo-700 hover:underline" href={`?${new URLSearchParams({ ...keep, after: page.next })}`}>Next page →</Link>
        </p>
      )}
    </div>
  );
}
