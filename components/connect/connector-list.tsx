"use client";

import { useId, useMemo, useState } from "react";
import type { ConnectorView } from "@/lib/connect/connectors";
import { useConnectSession } from "./connect-session";
import { ConnectorCard } from "./connector-card";

/** Above this many apps the list can be searched and filtered by category. */
const SEARCH_FROM = 9;

export function ConnectorList({ connectors }: { connectors: ConnectorView[] }) {
  const { embedded } = useConnectSession();
  const searchId = useId();
  const [query, setQuery] = useState("");
  const [category, setCategory] = useState<string | null>(null);
  const categories = useMemo(() => [...new Set(connectors.flatMap((connector) => connector.categories))].sort((a, b) => a.localeCompare(b)), [connectors]);
  if (connectors.length === 0) {
    return <p className="mt-8 text-slate-600">No apps are set up for your account yet.</p>;
  }
  const searchable = connectors.length >= SEARCH_FROM;
  const wanted = query.trim().toLowerCase();
  const matches = (connector: ConnectorView) =>
    !searchable ||
    ((!wanted || connector.name.toLowerCase().includes(wanted) || connector.connectorName.toLowerCase().includes(wanted)) &&
      (!category || connector.categories.includes(category)));
  const shown = connectors.filter(matches);
  const chip = (selected: boolean) =>
    `rounded-full px-3 py-1 text-sm ring-1 ring-inset ${selected ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`;
  return (
    <div className={embedded ? "" : "mt-8"}>
      {searchable && (
        <div role="search" className="mb-4 space-y-3">
          <div>
            <label htmlFor={searchId} className="block text-sm font-medium text-slate-700">
              Search apps
            </label>
            <input
              id={searchId}
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder="e.g. Salesforce"
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none"
            />
          </div>
          {categories.length > 1 && (
            <div role="group" aria-label="Categories" className="flex flex-wrap gap-2">
              <button type="button" aria-pressed={category === null} onClick={() => setCategory(null)} className={chip(category === null)}>
                All
              </button>
              {categories.map((name) => (
                <button
                  key={name}
                  type="button"
                  aria-pressed={category === name}
                  onClick={() => setCategory(category === name ? null : name)}
                  className={chip(category === name)}
                >
                  {name}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
      {shown.length === 0 && (
        <p role="status" className="text-slate-600">
          No apps match {wanted ? `“${query.trim()}”` : "this category"}
          {wanted && category ? ` in ${category}` : ""}.
        </p>
      )}
      {/* Cards filtered out are hidden, not unmounted: a connection in progress keeps going. */}
      <ul className="space-y-3" aria-label="Apps">
        {connectors.map((connector) => (
          <li key={connector.id} hidden={!matches(connector)}>
            <ConnectorCard initial={connector} />
          </li>
        ))}
      </ul>
    </div>
  );
}
