import { listStatuses, providerLabels, providers, statuses } from "@/lib/admin/queries";
import { Button } from "@/components/ui/button";
import { listStatusLabels, statusLabels } from "./status-badge";

const field = "rounded-md border border-slate-300 px-3 py-1.5 text-sm";

/** A labelled select with "Any" (or `any`) first. */
function Choice({ name, label, value, options, any = "Any" }: { name: string; label: string; value?: string; options: [string, string][]; any?: string }) {
  return (
    <div>
      <label htmlFor={name} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <select id={name} name={name} defaultValue={value ?? ""} className={field}>
        <option value="">{any}</option>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The search box, `q`. */
function Search({ value, placeholder }: { value?: string; placeholder: string }) {
  return (
    <div>
      <label htmlFor="q" className="block text-xs font-medium text-slate-600">
        Search
      </label>
      <input id="q" name="q" defaultValue={value} placeholder={placeholder} className={field} />
    </div>
  );
}

// A plain GET form: filters live in the URL, so they can be shared and need no script.
// `withDevices` (the connectors list, Podero configured): a provider choice, and a device's
// status among the statuses.
export function Filters({
  q,
  status,
  connector,
  connectors,
  keep = {},
  withDevices = false,
  provider,
}: {
  q?: string;
  status?: string;
  connector?: string;
  connectors: string[];
  keep?: Record<string, string>;
  withDevices?: boolean;
  provider?: string;
}) {
  return (
    <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Search value={q} placeholder={withDevices ? "Name, Cyclr id or user" : "Name or Cyclr id"} />
      {withDevices && <Choice name="provider" label="Provider" value={provider} any="All" options={providers.map((p) => [p, providerLabels[p]])} />}
      <Choice
        name="status"
        label="Status"
        value={status}
        options={withDevices ? listStatuses.map((s) => [s, listStatusLabels[s]]) : statuses.map((s) => [s, statusLabels[s]])}
      />
      <Choice name="connector" label="Connector" value={connector} options={connectors.map((c) => [c, c])} />
      <Button type="submit" variant="dark" size="sm">
        Apply
      </Button>
    </form>
  );
}

/** The catalogue's filters (same GET form): search by name or description, category, offered only. */
export function CatalogueFilters({ q, category, offered, categories }: { q?: string; category?: string; offered?: string; categories: string[] }) {
  return (
    <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
      <Search value={q} placeholder="Name or description" />
      <Choice name="category" label="Category" value={category} options={categories.map((c) => [c, c])} />
      <Choice name="offered" label="Offered" value={offered} options={[["1", "Offered only"]]} />
      <Button type="submit" variant="dark" size="sm">
        Apply
      </Button>
    </form>
  );
}
