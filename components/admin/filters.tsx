import { statuses } from "@/lib/admin/queries";
import { Button } from "@/components/ui/button";
import { statusLabels } from "./status-badge";

// A plain GET form: filters live in the URL, so they can be shared and need no script.
export function Filters({
  q,
  status,
  connector,
  connectors,
  keep = {},
}: {
  q?: string;
  status?: string;
  connector?: string;
  connectors: string[];
  keep?: Record<string, string>;
}) {
  const field = "rounded-md border border-slate-300 px-3 py-1.5 text-sm";
  return (
    <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div>
        <label htmlFor="q" className="block text-xs font-medium text-slate-600">
          Search
        </label>
        <input id="q" name="q" defaultValue={q} placeholder="Name or Cyclr id" className={field} />
      </div>
      <div>
        <label htmlFor="status" className="block text-xs font-medium text-slate-600">
          Status
        </label>
        <select id="status" name="status" defaultValue={status ?? ""} className={field}>
          <option value="">Any</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {statusLabels[s]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="connector" className="block text-xs font-medium text-slate-600">
          Connector
        </label>
        <select id="connector" name="connector" defaultValue={connector ?? ""} className={field}>
          <option value="">Any</option>
          {connectors.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="dark" size="sm">
        Apply
      </Button>
    </form>
  );
}
