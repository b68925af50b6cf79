import type { Metadata } from "next";
import { ConnectorTable } from "@/components/admin/connector-table";
import { Filters } from "@/components/admin/filters";
import { requireAdmin } from "@/lib/admin/guard";
import { connectorNames, listConnectorRows, listFilters } from "@/lib/admin/queries";

export const metadata: Metadata = { title: "Connectors" };

export default async function ConnectorsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin();
  const filters = listFilters.parse(await searchParams);
  const [page, names] = await Promise.all([listConnectorRows(filters), connectorNames()]);
  const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")).toString();
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Connectors</h1>
      <Filters q={filters.q} status={filters.status} connector={filters.connector} connectors={names} />
      <ConnectorTable initial={page} query={query} canAct={admin.role === "admin"} />
    </div>
  );
}
