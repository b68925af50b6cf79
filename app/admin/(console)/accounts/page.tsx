import type { Metadata } from "next";
import Link from "next/link";
import { Filters } from "@/components/admin/filters";
import { statusLabels } from "@/components/admin/status-badge";
import { EmptyRow, PageLinks, pageQuery, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { requireAdmin } from "@/lib/admin/guard";
import { connectorNames, listAccountRows, listFilters, statuses } from "@/lib/admin/queries";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Accounts" };

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const filters = listFilters.parse(await searchParams);
  const [page, names] = await Promise.all([listAccountRows(filters), connectorNames()]);
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">{filters.retired ? "Retired accounts" : "Accounts"}</h1>
        <Link href={filters.retired ? "/admin/accounts" : "/admin/accounts?retired=1"} className="text-sm text-indigo-700 hover:underline">
          {filters.retired ? "← Active accounts" : "Retired accounts"}
        </Link>
      </div>
      {filters.retired && (
        <p className="mb-4 text-sm text-slate-600">
          Cyclr no longer lists these accounts. Their history stays; a sync brings an account back if Cyclr lists it again.
        </p>
      )}
      <Filters q={filters.q} status={filters.status} connector={filters.connector} connectors={names} keep={filters.retired ? { retired: "1" } : {}} />
      <Table>
        <TableHead>
          <Th>Account</Th>
          {statuses.map((s) => (
            <Th key={s} className="text-right">
              {statusLabels[s]}
            </Th>
          ))}
          <Th>Last synced</Th>
        </TableHead>
        <TableBody>
          {page.rows.length === 0 && <EmptyRow colSpan={6}>No accounts match.</EmptyRow>}
          {page.rows.map((row) => (
            <tr key={row.id}>
              <Td>
                <Link href={`/admin/accounts/${row.id}`} className="font-medium text-indigo-700 hover:underline">
                  {row.name}
                </Link>
                <div className="text-xs text-slate-500">{row.cyclrAccountId}</div>
              </Td>
              {statuses.map((s) => (
                <Td key={s} className="text-right tabular-nums">
                  {row.counts[s]}
                </Td>
              ))}
              <Td className="text-slate-600">{row.lastSyncedAt ? <LocalTime iso={row.lastSyncedAt} /> : "—"}</Td>
            </tr>
          ))}
        </TableBody>
      </Table>
      <PageLinks page={page} href={(cursor) => pageQuery(filters, cursor)} />
    </div>
  );
}
