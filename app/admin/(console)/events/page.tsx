import "server-only";
import type { Metadata } from "next";
import Link from "next/link";
import { eventFilters, listEvents } from "@/lib/admin/events";
import { requireAdmin } from "@/lib/admin/guard";

export const metadata: Metadata = { title: "Audit trail" };

export default async function EventsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const filters = eventFilters.parse(await searchParams);
  const page = await listEvents(filters);
  const keep = Object.fromEntries(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "" && e[0] !== "before"));
  const query = new URLSearchParams(keep).toString();
  const field = "rounded-md border border-slate-300 px-3 py-1.5 text-sm";
  const input = (name: string, label: string, type = "text", placeholder?: string) => (
    <div>
      <label htmlFor={name} className="block text-xs font-medium text-slate-600">{label}</label>
      <input id={name} name={name} type={type} placeholder={placeholder} defaultValue={keep[name]} className={field} />
    </div>
  );
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Audit trail</h1>
        <a href={`/api/admin/events.csv${query ? `?${query}` : ""}`} className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50" download>
          Export CSV
        </a>
      </div>
      <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
        {input("account", "Account", "text", "Name or Cyclr id")}
        {input("connector", "Connector")}
        {input("type", "Type", "text", "e.g. connect.")}
        {input("actor", "Actor", "text", "email, admin, end user…")}
        {input("from", "From", "date")}
        {input("to", "To", "date")}
        <button type="submit" className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700">Apply</button>
      </form>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              {["Time", "Type", "Outcome", "Actor", "Account", "Connector", "Details"].map((h) => (
                <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.rows.length === 0 && (
              <tr>
                <td colSpan={7} className="px-3 py-6 text-center text-slate-500">No events match.</td>
              </tr>
            )}
            {page.rows.map((e) => (
              <tr key={e.id}>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600"><time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time></td>
                <td className="px-3 py-2 font-medium">{e.type}</td>
                <td className={`px-3 py-2 ${e.outcome === "failure" ? "text-red-700" : "text-slate-600"}`}>{e.outcome}</td>
                <td className="px-3 py-2">{e.actorType.toLowerCase().replace("_", " ")}{e.actorId ? ` · ${e.actorId}` : ""}</td>
                <td className="px-3 py-2">{e.account ?? "—"}</td>
                <td className="px-3 py-2">{e.connector ?? "—"}</td>
                <td className="px-3 py-2 text-slate-600">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.next && (
        <p className="mt-3 text-sm">
          <Link className="text-indigo-700 hover:underline" href={`?${new URLSearchParams({ ...keep, before: page.next })}`}>Older events →</Link>
        </p>
      )}
    </div>
  );
}
