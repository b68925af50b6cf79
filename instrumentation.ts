// Runs once when the app server starts: the scheduled sync with Cyclr (only one sync runs
// at a time across all instances: lib/sync/cyclr-sync.ts takes an advisory lock) and the
// webhook dispatcher (every instance may run one: rows are claimed with a lease).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  const { dispatchOptionsFromEnv, startDispatcher } = await import("@/lib/webhooks/dispatcher");
  // No shutdown hook needed: a row claimed by a process that dies is sent again once its lease ends.
  startDispatcher({ ...dispatchOptionsFromEnv(), pollMs: 1000 });

  const minutes = env().SYNC_INTERVAL_MINUTES;
  if (minutes <= 0) return;
  const { syncAll } = await import("@/lib/sync/cyclr-sync");
  const timer = setInterval(() => {
    syncAll({ actorType: "SYSTEM", actorId: null }).catch((error: unknown) => {
      console.error("Scheduled sync failed:", error instanceof Error ? error.message : "unknown error");
    });
  }, minutes * 60_000);
  timer.unref();
}
