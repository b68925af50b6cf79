"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { ActionsTh, EmptyRow, PageLinks, pageQuery, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import type { ConnectorRow, ListRow } from "@/lib/admin/queries";
import type { DeviceRow } from "@/lib/devices/queries";
import { adminApi } from "./admin-api";
import { PoderoAsks } from "./device-table";
import { DeviceStatusBadge, StatusBadge } from "./status-badge";
import { ConfirmDialog } from "@/components/ui/dialog";
import { LocalTime } from "@/components/ui/local-time";
import { Outcome } from "@/components/ui/outcome";

type Page = { rows: ListRow[]; next: string | null; previous: string | null };

const LIVE_MS = 3000;

// A live table: the server renders the first page, then it polls the same query every
// few seconds so statuses change without a reload. With `showProvider` (Podero configured)
// it says whose each row is: a Cyclr connector, or a Podero device (which has no actions here).
export function ConnectorTable({
  initial,
  query,
  canAct,
  showAccount = true,
  showProvider = false,
}: {
  initial: Page;
  query: string;
  canAct: boolean;
  showAccount?: boolean;
  showProvider?: boolean;
}) {
  const queryClient = useQueryClient();
  const key = ["admin-connectors", query];
  const { data } = useQuery({
    queryKey: key,
    queryFn: () => adminApi<Page>(`/api/admin/connectors?${query}`),
    initialData: initial,
    refetchInterval: LIVE_MS,
    // Dropped when the table goes, so a later visit starts from the page's fresh first page.
    gcTime: 0,
  });
  const recheck = useMutation({
    mutationFn: (row: ConnectorRow) => adminApi(`/api/admin/connectors/${row.id}/recheck`, { method: "POST" }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const done = recheck.isSuccess && recheck.variables ? `${recheck.variables.name} re-checked with Cyclr.` : null;

  return (
    <div>
      <Outcome done={done} error={recheck.error?.message} />
      <Table>
        <TableHead>
          <Th>{showProvider ? "Connector or device" : "Connector"}</Th>
          {showProvider && <Th>Provider</Th>}
          {showAccount && <Th>Account</Th>}
          <Th>Status</Th>
          <Th>Last attempt</Th>
          {canAct && <ActionsTh />}
        </TableHead>
        <TableBody>
          {data.rows.length === 0 && (
            <EmptyRow colSpan={4 + Number(showProvider) + Number(showAccount) + Number(canAct)}>
              {showProvider ? "No connectors or devices match." : "No connectors match."}
            </EmptyRow>
          )}
          {data.rows.map((row) => (
            <tr key={row.id} aria-label={`${row.name} of ${row.account.name}`}>
              <Td>
                <div className="font-medium">{row.name}</div>
                <div className="text-xs text-slate-500">{row.provider === "Cyclr" ? `${row.connectorName} · ${row.authType}` : deviceSubtitle(row)}</div>
              </Td>
              {showProvider && <Td className="text-slate-600">{row.provider}</Td>}
              {showAccount && (
                <Td>
                  <Link href={`/admin/accounts/${row.account.id}`} className="text-indigo-700 hover:underline">
                    {row.account.name}
                  </Link>
                  <div className="text-xs text-slate-500">{row.account.cyclrAccountId}</div>
                </Td>
              )}
              <Td>
                {row.provider === "Cyclr" ? (
                  <StatusBadge status={row.status} />
                ) : (
                  <>
                    <DeviceStatusBadge status={row.status} />
                    <PoderoAsks device={row} />
                  </>
                )}
              </Td>
              <Td className="text-slate-600">
                {row.lastAttempt ? (
                  <>
                    {row.lastAttempt.status.toLowerCase()} · <LocalTime iso={row.lastAttempt.startedAt} />
                  </>
                ) : (
                  "—"
                )}
              </Td>
              {canAct && (
                <Td className="space-x-2 whitespace-nowrap text-right">
                  {row.provider === "Cyclr" && (
                    <>
                      <Button size="row" disabled={recheck.isPending} onClick={() => recheck.mutate(row)}>
                        Re-check<span className="sr-only"> {row.name}</span>
                      </Button>
                      {row.status === "CONNECTED" && <DisconnectButton row={row} onDone={() => void queryClient.invalidateQueries({ queryKey: key })} />}
                    </>
                  )}
                </Td>
              )}
            </tr>
          ))}
        </TableBody>
      </Table>
      <PageLinks page={data} href={(cursor) => pageQuery(Object.fromEntries(new URLSearchParams(query)), cursor)} />
    </div>
  );
}

/** A device's second line: its type and whose it is. */
function deviceSubtitle(device: DeviceRow): string {
  return `${device.typeName} · user ${device.hostUserId}`;
}

/** Disconnecting ends the account's use of the connector at Cyclr: asked first. */
function DisconnectButton({ row, onDone }: { row: ConnectorRow; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const disconnect = useMutation({
    mutationFn: () => adminApi(`/api/admin/connectors/${row.id}/disconnect`, { method: "POST", fallback: `Could not disconnect ${row.name}.` }),
    onSuccess: () => setOpen(false),
    onSettled: onDone,
  });
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) disconnect.reset();
      }}
      trigger={
        <Button variant="danger" size="row" disabled={disconnect.isPending}>
          Disconnect<span className="sr-only"> {row.name}</span>
        </Button>
      }
      title={`Disconnect ${row.name} of ${row.account.name}?`}
      description="Cyclr drops its authorization: the account's integrations that use it stop until someone connects it again."
      confirmLabel={disconnect.isPending ? "Disconnecting…" : "Disconnect"}
      pending={disconnect.isPending}
      error={disconnect.error?.message}
      onConfirm={() => disconnect.mutate()}
    />
  );
}
