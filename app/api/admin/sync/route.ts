import { after } from "next/server";
import { adminRoute } from "@/lib/admin/http";
import { AppError } from "@/lib/result";
import { latestSyncRun, syncAll } from "@/lib/sync/cyclr-sync";

export const dynamic = "force-dynamic";

/** The latest sync run and its progress (polled by the console while one runs). */
export async function GET(request: Request) {
  return adminRoute(request, "viewer", async () => ({ run: await latestSyncRun() }));
}

/** Starts a sync in the background; its progress is read with GET. */
export async function POST(request: Request) {
  return adminRoute(request, "admin", async (admin) => {
    const previous = await latestSyncRun();
    if (previous?.status === "RUNNING") throw new AppError("conflict", "A sync is already running.");
    after(async () => {
      try {
        await syncAll({ actorType: "ADMIN", actorId: admin.email });
      } catch (error) {
        console.error("Sync failed:", error instanceof Error ? error.message : "unknown error");
      }
    });
    // The new run is the first one after this id (no clocks compared).
    return { started: true, previousRunId: previous?.id ?? null };
  });
}
