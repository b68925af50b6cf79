import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { lastSyncAge, outboxDepth, registry } from "@/lib/metrics";
import { errorResponse, fail } from "@/lib/result";

// GET /api/metrics: this instance's Prometheus text, for a scraper holding METRICS_TOKEN
// (`Authorization: Bearer <token>`). Unset, the route does not exist (404). The two gauges
// that live in the database are read at scrape time, with two indexed queries.

/** Compared as digests, so neither the length nor the content leaks through timing. */
function tokenMatches(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function setDatabaseGauges(): Promise<void> {
  try {
    const [pending, lastComplete] = await Promise.all([
      db().webhookDelivery.count({ where: { status: "PENDING" } }),
      db().syncRun.findFirst({ where: { status: "SUCCEEDED", finishedAt: { not: null } }, orderBy: { startedAt: "desc" }, select: { finishedAt: true } }),
    ]);
    outboxDepth.set(pending);
    lastSyncAge.set(lastComplete?.finishedAt ? (Date.now() - lastComplete.finishedAt.getTime()) / 1000 : -1);
  } catch (error) {
    // The rest of the metrics are still worth serving; the gauges keep their last values.
    log.warn(errorFields(error), "metrics: the database gauges could not be read");
  }
}

export async function metricsResponse(authorization: string | null): Promise<Response> {
  const expected = env().METRICS_TOKEN;
  if (!expected) return errorResponse(fail("not_found", "Not found."));
  const given = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1] ?? "";
  if (!tokenMatches(given, expected)) {
    const refused = errorResponse(fail("unauthorized", "Send Authorization: Bearer <METRICS_TOKEN>."));
    refused.headers.set("WWW-Authenticate", 'Bearer realm="metrics"');
    return refused;
  }
  await setDatabaseGauges();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" } });
}
