import { after } from "next/server";
import { adminRoute } from "@/lib/entry/admin";
import { AppError } from "@/lib/errors";
import { latestSyncRun, syncAll } from "@/lib/sync/cyclr-sync";
import { errorFields, log } from "@/lib/log";

export const dynamic = "force-dynamic";

/** The latest sync run and its progress (polled by the console while one runs). */
export const GET = adminRoute({ role: "viewer" }, async () => ({ run: await latestSyncRun() }));

/** Starts a sync in the background; its progress is read with GET. */
export const POST = adminRoute({ role: "admin" }, async ({ actor }) => {
  const previous = await latestSyncRun();
  if (previous?.status === "RUNNING") throw new AppError("conflict", "A sync is already running.");
  after(async () => {
    try {
      await syncAll(actor);
    } catch (error) {
      log.error(errorFields(error), "sync failed");
    }
  });
  // The new run is the first one after this id (no clocks compared).
  return { started: true, previousRunId: previous?.id ?? null };
});
