"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyRow, Table, TableBody, TableHead, Td, Th, ActionsTh } from "@/components/ui/table";
import type { CatalogueView } from "@/lib/catalogue";
import { adminApi } from "./admin-api";
import { Outcome } from "@/components/ui/outcome";

const plural = (count: number, word: string) => `${count.toLocaleString()} ${word}${count === 1 ? "" : "s"}`;

/** Reads Cyclr's catalogue anew, then re-renders the page (rows and categories) from the database. */
export function RefreshCatalogueButton() {
  const router = useRouter();
  const [refreshing, startTransition] = useTransition();
  const refresh = useMutation({
    mutationFn: () =>
      adminApi<{ listed: number; retired: number }>("/api/admin/catalogue/refresh", {
        method: "POST",
        fallback: (status) => `Could not read the catalogue from Cyclr (HTTP ${status}).`,
      }),
    onSuccess: () => startTransition(() => router.refresh()),
  });
  const result = refresh.data;
  return (
    <div className="flex flex-wrap items-center justify-end gap-3">
      <Outcome
        done={
          result && !refresh.isPending
            ? `Read ${plural(result.listed, "connector")} from Cyclr${result.retired ? `; ${plural(result.retired, "connector")} no longer listed there` : ""}.`
            : null
        }
        error={refresh.error?.message}
      />
      <Button variant="primary" onClick={() => refresh.mutate()} disabled={refresh.isPending || refreshing}>
        {refresh.isPending ? "Reading from Cyclr…" : "Refresh from Cyclr"}
      </Button>
    </div>
  );
}

type Toggle = { row: CatalogueView; offered: boolean };

// The server renders the rows; after a change the page is refreshed (router.refresh), so the
// table always shows what the database holds.
export function CatalogueTable({ rows, canAct, empty }: { rows: CatalogueView[]; canAct: boolean; empty: string }) {
  const router = useRouter();
  const [refreshing, startTransition] = useTransition();
  const toggle = useMutation({
    mutationFn: ({ row, offered }: Toggle) =>
      adminApi(`/api/admin/catalogue/${row.id}/${offered ? "offer" : "unoffer"}`, {
        method: "POST",
        fallback: (status) => `Could not change ${row.name} (HTTP ${status}).`,
      }),
    onSuccess: () => startTransition(() => router.refresh()),
  });
  const done =
    toggle.isSuccess && toggle.variables
      ? toggle.variables.offered
        ? `${toggle.variables.row.name} is offered to end users.`
        : `${toggle.variables.row.name} is no longer offered to end users.`
      : null;
  const busy = toggle.isPending || refreshing;

  return (
    <div>
      <Outcome done={done} error={toggle.error?.message} />
      <Table dense>
        <TableHead>
          <Th>Connector</Th>
          <Th className="whitespace-nowrap">Auth type</Th>
          <Th>Categories</Th>
          <Th>Description</Th>
          <Th>Version</Th>
          <Th>Offered</Th>
          {canAct && <ActionsTh />}
        </TableHead>
        <TableBody>
          {rows.length === 0 && <EmptyRow colSpan={canAct ? 7 : 6}>{empty}</EmptyRow>}
          {rows.map((row) => (
            <tr key={row.id} aria-label={row.name}>
              <Td>
                <div className="flex items-center gap-2">
                  {row.icon ? (
                    // eslint-disable-next-line @next/next/no-img-element -- data: URIs from Cyclr; next/image adds nothing here
                    <img src={row.icon} alt="" width={24} height={24} className="h-6 w-6 shrink-0 rounded" />
                  ) : (
                    <span className="h-6 w-6 shrink-0 rounded bg-slate-100" aria-hidden />
                  )}
                  <div>
                    <div className="font-medium [overflow-wrap:anywhere]">{row.name}</div>
                    <div className="text-xs text-slate-500">Cyclr id {row.cyclrConnectorId}</div>
                  </div>
                </div>
              </Td>
              <Td className="text-slate-600">{row.authType}</Td>
              <Td>
                {row.categories.length ? (
                  <div className="flex flex-wrap gap-1 whitespace-nowrap">
                    {row.categories.map((category) => (
                      <Badge key={category} tone="neutral">
                        {category}
                      </Badge>
                    ))}
                  </div>
                ) : (
                  <span className="text-slate-500">—</span>
                )}
              </Td>
              <Td className="max-w-72 text-slate-600 [overflow-wrap:anywhere]">{row.description ?? "—"}</Td>
              <Td className="text-slate-600">{row.version ?? "—"}</Td>
              <Td className="whitespace-nowrap">
                {row.offered ? <Badge tone="success">Offered</Badge> : <Badge tone="neutral">Not offered</Badge>}
                {row.blocked && !canAct && <p className="mt-1 max-w-56 whitespace-normal text-xs text-slate-600">{row.blocked}</p>}
              </Td>
              {canAct && (
                <Td className="text-right">
                  {row.offered ? (
                    <Button size="row" className="whitespace-nowrap" disabled={busy} onClick={() => toggle.mutate({ row, offered: false })}>
                      Stop offering<span className="sr-only"> {row.name}</span>
                    </Button>
                  ) : row.blocked ? (
                    <p className="ml-auto max-w-56 text-left text-xs text-slate-600">{row.blocked}</p>
                  ) : (
                    <Button variant="dark" size="row" className="whitespace-nowrap" disabled={busy} onClick={() => toggle.mutate({ row, offered: true })}>
                      Offer<span className="sr-only"> {row.name}</span>
                    </Button>
                  )}
                </Td>
              )}
            </tr>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
