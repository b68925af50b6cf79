import type { Metadata } from "next";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyRow, PageLinks, pageQuery, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { eventFilters, listEvents } from "@/lib/admin/events";
import { requireAdmin } from "@/lib/admin/guard";
import { deviceSettings } from "@/lib/devices/settings";
import { eventTypes } from "@/lib/events";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Audit trail" };

export default async function EventsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const filters = eventFilters.parse(await searchParams);
  const page = await listEvents(filters);
  // With Podero configured, device events (device.*) name their device where a connector's name the connector.
  const withDevices = deviceSettings() !== null;
  const subject = withDevices ? "Connector or device" : "Connector";
  // The type filter matches the start of a type: suggest each family ("device.") and each type.
  const types = eventTypes.filter((type) => withDevices || !type.startsWith("device."));
  const suggestions = [...new Set(types.map((type) => `${type.split(".")[0]}.`)), ...types];
  const keep = Object.fromEntries(
    Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "" && e[0] !== "after" && e[0] !== "before"),
  );
  const query = new URLSearchParams(keep).toString();
  const field = "rounded-md border border-slate-300 px-3 py-1.5 text-sm";
  const input = (name: string, label: string, type = "text", placeholder?: string, list?: string) => (
    <div>
      <label htmlFor={name} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <input id={name} name={name} type={type} placeholder={placeholder} defaultValue={keep[name]} className={field} list={list} />
    </div>
  );
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Audit trail</h1>
        <a href={`/api/admin/events.csv${query ? `?${query}` : ""}`} className={buttonClass({ variant: "secondary" })} download>
          Export CSV
        </a>
      </div>
      <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
        {input("account", "Account", "text", "Name or Cyclr id")}
        {input("connector", subject)}
        {input("type", "Type", "text", withDevices ? "e.g. connect. or device." : "e.g. connect.", "event-types")}
        <datalist id="event-types">
          {suggestions.map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
        {input("actor", "Actor", "text", "email, admin, end user…")}
        {input("from", "From", "date")}
        {input("to", "To", "date")}
        <Button type="submit" variant="dark" size="sm">
          Apply
        </Button>
      </form>
      <Table dense>
        <TableHead>
          {["Time", "Type", "Outcome", "Actor", "Account", subject, "Details"].map((h) => (
            <Th key={h}>{h}</Th>
          ))}
        </TableHead>
        <TableBody>
          {page.rows.length === 0 && <EmptyRow colSpan={7}>No events match.</EmptyRow>}
          {page.rows.map((e) => (
            <tr key={e.id}>
              <Td className="whitespace-nowrap text-slate-600">
                <LocalTime iso={e.at} />
              </Td>
              <Td className="font-medium">{e.type}</Td>
              <Td className={e.outcome === "failure" ? "text-red-700" : "text-slate-600"}>{e.outcome}</Td>
              <Td>
                {e.actorType.toLowerCase().replace("_", " ")}
                {e.actorId ? ` · ${e.actorId}` : ""}
              </Td>
              <Td>{e.account ?? "—"}</Td>
              <Td>{e.connector ?? e.device ?? "—"}</Td>
              <Td className="text-slate-600">{e.message}</Td>
            </tr>
          ))}
        </TableBody>
      </Table>
      <PageLinks page={page} href={(cursor) => pageQuery(filters, cursor)} labels={["← Newer events", "Older events →"]} />
    </div>
  );
}
