// Runs once when the app server starts: the scheduled sync with Cyclr (once per interval
// across all instances: each looks every minute and syncs only when the latest SyncRun is an
// interval old, under the sync's advisory lock) and the webhook dispatcher (every instance
// may run one: rows are claimed with a lease).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before anything else: every request from now on carries its connection's address (lib/client-ip.ts).
  (await import("@/lib/client-ip")).recordPeerAddresses();
  const { env } = await import("@/lib/env");
  const { errorFields, log } = await import("@/lib/log");
  const { dispatchOptionsFromEnv, startDispatcher } = await import("@/lib/webhooks/dispatcher");
  // No shutdown hook needed: a row claimed by a process that dies is sent again once its lease ends.
  startDispatcher({ ...dispatchOptionsFromEnv(), pollMs: 1000 });

  const minutes = env().SYNC_INTERVAL_MINUTES;
  if (minutes <= 0) return;
  const { syncIfDue } = await import("@/lib/sync/cyclr-sync");
  const timer = setInterval(
    () => {
      syncIfDue(minutes * 60_000).catch((error: unknown) => {
        log.error(errorFields(error), "scheduled sync failed");
      });
    },
    Math.min(60_000, minutes * 60_000),
  );
  timer.unref();
}
