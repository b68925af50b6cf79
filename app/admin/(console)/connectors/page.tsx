import type { Metadata } from "next";
import { ConnectorTable } from "@/components/admin/connector-table";
import { Filters } from "@/components/admin/filters";
import { requireAdmin } from "@/lib/admin/guard";
import { connectorListFilters, connectorNames, listConnectorRows } from "@/lib/admin/queries";
import { deviceSettings } from "@/lib/devices/settings";

export const metadata: Metadata = { title: "Connectors" };

export default async function ConnectorsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin();
  const filters = connectorListFilters.parse(await searchParams);
  // With Podero configured the list holds its devices too, and says whose each row is.
  const withDevices = deviceSettings() !== null;
  const [page, names] = await Promise.all([listConnectorRows(filters), connectorNames()]);
  const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")).toString();
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Connectors</h1>
      <Filters q={filters.q} status={filters.status} connector={filters.connector} connectors={names} withDevices={withDevices} provider={filters.provider} />
      <ConnectorTable initial={page} query={query} canAct={admin.role === "admin"} showProvider={withDevices} />
    </div>
  );
}
