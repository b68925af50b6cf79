"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { ConnectorRow } from "@/lib/admin/queries";
import { StatusBadge } from "./status-badge";

type Page = { rows: ConnectorRow[]; next: string | null };

const LIVE_MS = 3000;

// A live table: the server renders the first page, then it polls the same query every
// few seconds so statuses change without a reload.
export function ConnectorTable({ initial, query, canAct, showAccount = true }: { initial: Page; query: string; canAct: boolean; showAccount?: boolean }) {
  const queryClient = useQueryClient();
  const key = ["admin-connectors", query];
  const { data } = useQuery({
    queryKey: key,
    queryFn: async (): Promise<Page> => {
      const response = await fetch(`/api/admin/connectors?${query}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as Page;
    },
    initialData: initial,
    refetchInterval: LIVE_MS,
  });
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  async function act(row: ConnectorRow, action: "disconnect" | "recheck") {
    setBusy(`${row.id}:${action}`);
    setMessage(null);
    const response = await fetch(`/api/admin/connectors/${row.id}/${action}`, { method: "POST" });
    const body = (await response.json()) as { error?: { message: string } };
    setBusy(null);
    if (!response.ok) setMessage({ tone: "error", text: body.error?.message ?? `Failed (HTTP ${response.status})` });
    else setMessage({ tone: "ok", text: action === "disconnect" ? `${row.name} disconnected.` : `${row.name} re-checked with Cyclr.` });
    await queryClient.invalidateQueries({ queryKey: key });
  }

  return (
    <div>
      <div role="status" aria-live="polite" className="min-h-6 text-sm">
        {message && <p className={message.tone === "error" ? "text-red-700" : "text-emerald-700"}>{message.text}</p>}
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Connector</th>
              {showAccount && <th scope="col" className="px-4 py-2 font-medium">Account</th>}
              <th scope="col" className="px-4 py-2 font-medium">Status</th>
              <th scope="col" className="px-4 py-2 font-medium">Last attempt</th>
              {canAct && <th scope="col" className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.rows.length === 0 && (
              <tr>
                <td colSpan={5} className="px-4 py-6 text-center text-slate-500">No connectors match.</td>
              </tr>
            )}
            {data.rows.map((row) => (
              <tr key={row.id} aria-label={`${row.name} of ${row.account.name}`}>
                <td className="px-4 py-2">
                  <div className="font-medium">{row.name}</div>
                  <div className="text-xs text-slate-500">{row.connectorName} · {row.authType}</div>
                </td>
                {showAccount && (
                  <td className="px-4 py-2">
                    <Link href={`/admin/accounts/${row.account.id}`} className="text-indigo-700 hover:underline">{row.account.name}</Link>
                    <div className="text-xs text-slate-500">{row.account.cyclrAccountId}</div>
                  </td>
                )}
                <td className="px-4 py-2"><StatusBadge status={row.status} /></td>
                <td className="px-4 py-2 text-slate-600">
                  {row.lastAttempt ? `${row.lastAttempt.status.toLowerCase()} · ${new Date(row.lastAttempt.startedAt).toLocaleString()}` : "—"}
                </td>
                {canAct && (
                  <td className="space-x-2 whitespace-nowrap px-4 py-2 text-right">
                    <button type="button" disabled={busy !== null} onClick={() => void act(row, "recheck")} className="rounded-md px-2 py-1 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60">
                      Re-check<span className="sr-only"> {row.name}</span>
                    </button>
                    {row.status === "CONNECTED" && (
                      <button type="button" disabled={busy !== null} onClick={() => void act(row, "disconnect")} className="rounded-md px-2 py-1 text-red-700 ring-1 ring-red-300 hover:bg-red-50 disabled:opacity-60">
                        Disconnect<span className="sr-only"> {row.name}</span>
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.next && (
        <p className="mt-3 text-sm">
          <Link className="text-indigo-700 hover:underline" href={`?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(query)), after: data.next })}`}>
            Next page →
          </Link>
        </p>
      )}
    </div>
  );
}
