import { observe } from "@/lib/entry/observe";

export const dynamic = "force-dynamic";

// Liveness: the process answers. Nothing else is asked (the database is /api/ready's), so a
// database outage does not get every instance restarted.
export const GET = observe(async () => Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } }));
