"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { SyncRunView } from "@/lib/sync/cyclr-sync";
import { adminApi } from "./admin-api";

const POLL_MS = 1000;
// After Sync now, how often to look for the new run, and for how long.
const WAIT_MS = 250;
const WAIT_LIMIT_MS = 10_000;
const NOT_STARTED = "The sync has not started: another instance may be running one. Try again in a moment.";

function describe(run: SyncRunView): { tone: "ok" | "error" | "busy"; text: string } {
  const count = `${run.accountsDone.toLocaleString()} account${run.accountsDone === 1 ? "" : "s"}`;
  if (run.status === "RUNNING") {
    return {
      tone: "busy",
      text: `Syncing with Cyclr: ${count} so far${run.pages ? ` (page ${run.pages} of Cyclr's account list)` : ""}${run.accountsFailed ? `, ${run.accountsFailed} failed` : ""}…`,
    };
  }
  const seconds = run.finishedAt ? ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1) : null;
  if (run.status === "SUCCEEDED") {
    return {
      tone: "ok",
      text: `Synced ${count}${seconds ? ` in ${seconds} s` : ""}${run.accountsRetired ? `; retired ${run.accountsRetired} that Cyclr no longer lists` : ""}.`,
    };
  }
  return { tone: "error", text: `${run.message ?? "The sync failed."}${run.accountsDone ? ` (${count} synced before it stopped)` : ""}` };
}

// idle: nothing to follow. awaiting: Sync now was accepted and the new run (the first one
// after previousRunId: ids, not clocks) has not shown in an answer read since. watching:
// following a run; when the latest run is no longer RUNNING, the page's figures re-render.
type Phase = { kind: "idle" } | { kind: "awaiting"; previousRunId: string | null; since: number } | { kind: "watching" };

/** The phase after an answer asked for at `askedAt`: the awaited run shows up, a run starts or ends. */
function nextPhase(phase: Phase, run: SyncRunView | null, askedAt: number): Phase {
  if (phase.kind === "awaiting" && !(askedAt > phase.since && run && run.id !== phase.previousRunId)) return phase;
  if (phase.kind === "idle") return run?.status === "RUNNING" ? { kind: "watching" } : phase;
  return run?.status === "RUNNING" ? { kind: "watching" } : { kind: "idle" };
}

/** Sync now, with the run's progress; also shows a sync started elsewhere (the schedule). */
export function SyncButton({ canSync }: { canSync: boolean }) {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [notStarted, setNotStarted] = useState(false);
  // A finished run is reported only to whoever started it here; the page header has the last sync.
  const [started, setStarted] = useState(false);

  const latest = useQuery({
    queryKey: ["admin-sync"],
    queryFn: async () => {
      const askedAt = Date.now();
      const { run } = await adminApi<{ run: SyncRunView | null }>("/api/admin/sync");
      setPhase((phase) => nextPhase(phase, run, askedAt));
      return run;
    },
    refetchInterval: (query) => (phase.kind === "awaiting" ? WAIT_MS : query.state.data?.status === "RUNNING" ? POLL_MS : false),
    gcTime: 0,
  });
  const { data: current, refetch } = latest;

  const start = useMutation({
    mutationFn: () =>
      adminApi<{ previousRunId?: string | null }>("/api/admin/sync", { method: "POST", fallback: (status) => `Could not start a sync (HTTP ${status}).` }),
    onMutate: () => {
      setStarted(true);
      setNotStarted(false);
    },
    onSuccess: ({ previousRunId }) => setPhase({ kind: "awaiting", previousRunId: previousRunId ?? null, since: Date.now() }),
    // Refused (e.g. one is running already): follow whatever is going on.
    onError: () => setPhase({ kind: "watching" }),
    onSettled: () => void refetch(),
  });

  // A run followed here has ended: the page's figures re-render.
  const previousKind = useRef(phase.kind);
  useEffect(() => {
    if (previousKind.current !== "idle" && phase.kind === "idle") router.refresh();
    previousKind.current = phase.kind;
  }, [phase.kind, router]);

  useEffect(() => {
    if (phase.kind !== "awaiting") return;
    const timer = setTimeout(() => {
      setNotStarted(true);
      setPhase({ kind: "watching" });
    }, WAIT_LIMIT_MS);
    return () => clearTimeout(timer);
  }, [phase]);

  // While the new run is awaited, the previous one is not shown as if it were it.
  const run = phase.kind === "awaiting" ? null : (current ?? null);
  const running = run?.status === "RUNNING";
  const starting = start.isPending || phase.kind === "awaiting";
  const error = start.error?.message ?? (notStarted ? NOT_STARTED : null);
  const status = run ? describe(run) : null;
  return (
    <div className="flex flex-wrap items-center gap-3">
      {canSync && (
        <Button variant="primary" onClick={() => start.mutate()} disabled={starting || running}>
          {running ? "Syncing…" : starting ? "Starting…" : "Sync now"}
        </Button>
      )}
      <p
        role="status"
        aria-live="polite"
        className={`text-sm ${status?.tone === "error" ? "text-red-700" : status?.tone === "ok" ? "text-emerald-700" : "text-slate-700"}`}
      >
        {!error && status && (running || started) ? status.text : null}
        {running && (
          <span className="ml-2 inline-block h-2 w-24 overflow-hidden rounded-full bg-slate-200 align-middle" aria-hidden>
            <span className="block h-full w-1/3 animate-pulse rounded-full bg-indigo-500" />
          </span>
        )}
      </p>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
