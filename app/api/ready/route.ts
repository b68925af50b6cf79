import { observe } from "@/lib/entry/observe";
import { readiness } from "@/lib/operations/readiness";

export const dynamic = "force-dynamic";

// Readiness: 200 when the database answers and every migration this build knows is applied;
// 503 saying what is wrong otherwise (never a connection string).
export const GET = observe(async () => {
  const report = await readiness();
  return Response.json(report, { status: report.status === "ready" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
});
