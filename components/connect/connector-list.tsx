"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useDeferredValue, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ConnectorView } from "@/lib/connect/connectors";
import { useConnectSession } from "./connect-session";
import { ConnectorCard } from "./connector-card";
import { sessionGet } from "./session-fetch";

/** From this many apps on, the list can be searched and filtered by category. */
const SEARCH_FROM = 9;

type OfferedPage = { apps: ConnectorView[]; next: string | null };

type Props = {
  /** Installed connectors, then the first page of offered ones. */
  connectors: ConnectorView[];
  moreOffered: string | null;
  appCount: number;
  categories: string[];
};

const matches = (connector: ConnectorView, query: string, category: string | null) =>
  (!query || connector.name.toLowerCase().includes(query) || connector.connectorName.toLowerCase().includes(query)) &&
  (!category || connector.categories.includes(category));

export function ConnectorList({ connectors, moreOffered, appCount, categories }: Props) {
  const { token, embedded } = useConnectSession();
  const t = useTranslations("Connect");
  const searchId = useId();
  const [text, setText] = useState("");
  const [category, setCategory] = useState<string | null>(null);
  const query = useDeferredValue(text.trim().toLowerCase());
  const installed = connectors.filter((connector) => connector.installed);
  const firstOffered = connectors.filter((connector) => !connector.installed);
  const filtered = query !== "" || category !== null;

  // Offered apps come from the server a page at a time (a catalogue may hold thousands);
  // installed ones are all here and filtered in place.
  const offered = useInfiniteQuery({
    queryKey: ["offered-apps", query, category],
    queryFn: ({ pageParam }) =>
      sessionGet<OfferedPage>(
        token,
        `/api/connect/apps?${new URLSearchParams({ ...(query ? { q: query } : {}), ...(category ? { category } : {}), ...(pageParam ? { after: pageParam } : {}) })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next,
    initialData: filtered ? undefined : { pages: [{ apps: firstOffered, next: moreOffered }], pageParams: [null] },
    placeholderData: (previous) => previous,
    staleTime: filtered ? 0 : Number.POSITIVE_INFINITY,
  });

  if (appCount === 0) {
    return <p className="mt-8 text-sb-fg-muted">{t("noApps")}</p>;
  }
  const searchable = appCount >= SEARCH_FROM;
  const shownInstalled = installed.filter((connector) => matches(connector, query, category));
  const shownOffered = offered.data?.pages.flatMap((page) => page.apps) ?? [];
  const nothing = shownInstalled.length === 0 && shownOffered.length === 0 && !offered.isFetching;
  const chip = (selected: boolean) =>
    `rounded-full px-3 py-1 text-sm ring-1 ring-inset ${selected ? "bg-sb-accent text-sb-on-accent ring-sb-accent" : "bg-sb-surface text-sb-fg-2 ring-sb-line-strong hover:bg-sb-surface-hover"}`;
  return (
    <div className={embedded ? "" : "mt-8"}>
      {searchable && (
        <div role="search" className="mb-4 space-y-3">
          <div>
            <div className="flex items-baseline justify-between gap-2">
              <label htmlFor={searchId} className="block text-sm font-medium text-sb-fg-2">
                {t("searchLabel")}
              </label>
              <span className="text-sm text-sb-fg-subtle">{t("appCount", { count: appCount })}</span>
            </div>
            <input
              id={searchId}
              type="search"
              value={text}
              onChange={(event) => setText(event.target.value)}
              placeholder={t("searchPlaceholder")}
              className="mt-1 block w-full rounded-sb border border-sb-line-strong bg-sb-surface px-3 py-2 text-sm text-sb-fg shadow-sm placeholder:text-sb-fg-subtle focus:border-sb-focus focus:ring-1 focus:ring-sb-focus focus:outline-none"
            />
          </div>
          {categories.length > 1 && (
            <div role="group" aria-label={t("categories")} className="flex flex-wrap gap-2">
              <button type="button" aria-pressed={category === null} onClick={() => setCategory(null)} className={chip(category === null)}>
                {t("allCategories")}
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
      <div role="status" aria-live="polite" className="text-sm text-sb-fg-muted">
        {nothing && (
          <p>
            {!query
              ? t("noMatchCategory")
              : category
                ? t("noMatchQueryInCategory", { query: text.trim(), category })
                : t("noMatchQuery", { query: text.trim() })}
          </p>
        )}
        {offered.isError && <p className="text-sb-danger">{t("loadFailed")}</p>}
      </div>
      <ul className="space-y-3" aria-label={t("listLabel")}>
        {/* Installed cards filtered out are hidden, not unmounted: a connection in progress keeps going. */}
        {installed.map((connector) => (
          <li key={connector.id} hidden={!shownInstalled.includes(connector)}>
            <ConnectorCard initial={connector} />
          </li>
        ))}
        {shownOffered.map((connector) => (
          <li key={connector.id}>
            <ConnectorCard initial={connector} />
          </li>
        ))}
      </ul>
      {offered.hasNextPage && (
        <Button variant="secondary" className="mt-4" disabled={offered.isFetchingNextPage} onClick={() => void offered.fetchNextPage()}>
          {offered.isFetchingNextPage ? t("loadingMore") : t("showMore")}
        </Button>
      )}
    </div>
  );
}
