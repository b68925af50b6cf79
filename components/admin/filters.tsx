import { statuses } from "@/lib/admin/queries";
import { Button } from "@/components/ui/button";
import { statusLabels } from "./status-badge";

const field = "rounded-md border border-slate-300 px-3 py-1.5 text-sm";

/** A labelled select with "Any" first. */
function Choice({ name, label, value, options }: { name: string; label: string; value?: string; options: [string, string][] }) {
  return (
    <div>
      <label htmlFor={name} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <select id={name} name={name} defaultValue={value ?? ""} className={field}>
        <option value="">Any</option>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

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
      <Choice name="status" label="Status" value={status} options={statuses.map((s) => [s, statusLabels[s]])} />
      <Choice name="connector" label="Connector" value={connector} options={connectors.map((c) => [c, c])} />
      <Button type="submit" variant="dark" size="sm">
        Apply
      </Button>
    </form>
  );
}
