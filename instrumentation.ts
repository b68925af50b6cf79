// Runs once when the app server starts: the scheduled sync with Cyclr. Only one sync runs
// at a time across all instances (lib/sync/cyclr-sync.ts takes an advisory lock).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
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
