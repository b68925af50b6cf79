"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import type { SyncRunView } from "@/lib/sync/cyclr-sync";

const POLL_MS = 1000;

function describe(run: SyncRunView): { tone: "ok" | "error" | "busy"; text: string } {
  const count = `${run.accountsDone.toLocaleString()} account${run.accountsDone === 1 ? "" : "s"}`;
  if (run.status === "RUNNING") {
    return { tone: "busy", text: `Syncing with Cyclr: ${count} so far${run.pages ? ` (page ${run.pages} of Cyclr's account list)` : ""}${run.accountsFailed ? `, ${run.accountsFailed} failed` : ""}…` };
  }
  const seconds = run.finishedAt ? ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1) : null;
  if (run.status === "SUCCEEDED") {
    return { tone: "ok", text: `Synced ${count}${seconds ? ` in ${seconds} s` : ""}${run.accountsRetired ? `; retired ${run.accountsRetired} that Cyclr no longer lists` : ""}.` };
  }
  return { tone: "error", text: `${run.message ?? "The sync failed."}${run.accountsDone ? ` (${count} synced before it stopped)` : ""}` };
}

/** Sync now, with the run's progress; also shows a sync started elsewhere (the schedule). */
export function SyncButton({ canSync }: { canSync: boolean }) {
  const router = useRouter();
  const [run, setRun] = useState<SyncRunView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  // A finished run is reported only to whoever started it here; the page header has the last sync.
  const [started, setStarted] = useState(false);
  const watching = useRef(false);
  // While a new run is being waited for, the previous one is not shown as if it were it.
  const previousRun = useRef<string | null>(null);

  const refresh = useCallback(async (): Promise<SyncRunView | null> => {
    const response = await fetch("/api/admin/sync", { cache: "no-store" });
    if (!response.ok) return null;
    const { run: latest } = (await response.json()) as { run: SyncRunView | null };
    if (!latest || latest.id !== previousRun.current) setRun(latest);
    return latest;
  }, []);

  // While a run is going, poll it; when it ends, re-render the page's figures.
  const watch = useCallback(async () => {
    if (watching.current) return;
    watching.current = true;
    try {
      for (;;) {
        const latest = await refresh();
        if (!latest || latest.status !== "RUNNING") break;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      router.refresh();
    } finally {
      watching.current = false;
    }
  }, [refresh, router]);

  useEffect(() => {
    void refresh().then((latest) => {
      if (latest?.status === "RUNNING") void watch();
    });
  }, [refresh, watch]);

  async function start() {
    setStarting(true);
    setStarted(true);
    setError(null);
    const response = await fetch("/api/admin/sync", { method: "POST" });
    const body = (await response.json().catch(() => ({}))) as { previousRunId?: string | null; error?: { message?: string } };
    if (!response.ok) {
      setStarting(false);
      setError(body.error?.message ?? `Could not start a sync (HTTP ${response.status}).`);
      void watch();
      return;
    }
    // The run appears once the background work has created it: the first one after the previous.
    previousRun.current = body.previousRunId ?? null;
    setRun(null);
    for (let tries = 0; tries < 40; tries++) {
      const latest = await refresh();
      if (latest && latest.id !== body.previousRunId) break;
      if (tries === 39) setError("The sync has not started: another instance may be running one. Try again in a moment.");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    previousRun.current = null;
    setStarting(false);
    void watch();
  }

  const running = run?.status === "RUNNING";
  const status = run ? describe(run) : null;
  return (
    <div className="flex flex-wrap items-center gap-3">
      {canSync && (
        <button type="button" onClick={() => void start()} disabled={starting || running} className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
          {running ? "Syncing…" : starting ? "Starting…" : "Sync now"}
        </button>
      )}
      <p role="status" aria-live="polite" className={`text-sm ${error || status?.tone === "error" ? "text-red-700" : status?.tone === "ok" ? "text-emerald-700" : "text-slate-700"}`}>
        {error ?? (status && (running || started) ? status.text : null)}
        {running && (
          <span className="ml-2 inline-block h-2 w-24 overflow-hidden rounded-full bg-slate-200 align-middle" aria-hidden>
            <span className="block h-full w-1/3 animate-pulse rounded-full bg-indigo-500" />
          </span>
        )}
      </p>
    </div>
  );
}
