// Runs once when the app server starts: pruning by RETENTION_DAYS, the scheduled sync with Cyclr (once per interval
// across all instances: each looks every minute and syncs only when the latest SyncRun is an
// interval old, under the sync's advisory lock) and the webhook dispatcher (every instance
// may run one: rows are claimed with a lease).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before anything else: every request from now on carries its connection's address (lib/client-ip.ts).
  (await import("@/lib/client-ip")).recordPeerAddresses();
  // And every request target Next can percent-decode (else its router answers a bare 500).
  (await import("@/lib/request-target")).makeRequestTargetsDecodable();
  const { env } = await import("@/lib/env");
  const { errorFields, log } = await import("@/lib/log");
  // The settings first: a server with a missing or wrong one stops here, the message naming each.
  try {
    env();
  } catch (error) {
    log.fatal(errorFields(error), "Switchboard cannot start");
    process.exit(1);
  }
  const { dispatchOptionsFromEnv, startDispatcher } = await import("@/lib/webhooks/dispatcher");
  // No shutdown hook needed: a row claimed by a process that dies is sent again once its lease ends.
  startDispatcher({ ...dispatchOptionsFromEnv(), pollMs: 1000 });

  // Retention: once an hour (and soon after start), on every instance; pruning twice is harmless.
  const { pruneByRetention } = await import("@/lib/retention");
  const prune = () => {
    pruneByRetention()
      .then((report) => {
        if (report && Object.values(report).some((count) => count > 0)) log.info({ pruned: report }, "pruned old records");
      })
      .catch((error: unknown) => log.error(errorFields(error), "pruning old records failed"));
  };
  setTimeout(prune, 60_000).unref();
  setInterval(prune, 60 * 60_000).unref();

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
