import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as metrics } from "@/app/api/metrics/route";
import { GET as ready } from "@/app/api/ready/route";
import { GET as health } from "@/app/api/health/route";
import { GET as pollAttempt } from "@/app/api/connect/attempts/[id]/route";
import { GET as accountConnectors } from "@/app/api/v1/accounts/[accountId]/connectors/route";
import { POST as mintSession } from "@/app/api/v1/connect-sessions/route";
import { completeConnectAction, startConnectAction, submitCredentialsAction } from "@/app/connect/actions";
import { createApiKey } from "@/lib/api-keys";
import { listConnectors } from "@/lib/connect/connectors";
import { requireSession } from "@/lib/connect/sessions";
import { seal } from "@/lib/crypto";
import { db } from "@/lib/db";
import { provideSettings } from "@/lib/env";
import { systemActor } from "@/lib/events";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { MIGRATIONS } from "@/lib/generated/migrations";
import { syncAll } from "@/lib/sync/cyclr-sync";
import { resetEmulator, truncateAll } from "@/testing/db";
import { readiness } from "./readiness";

// The operator's routes called as Next calls them, against the test database and the
// emulator: readiness, and the metrics a scraper sees after a full connect.

const METRICS_TOKEN = "metrics-token-for-the-tests-0123456789";
const noParams = { params: Promise.resolve({}) };

function setMetricsToken(value: string | undefined): void {
  if (value === undefined) delete process.env.METRICS_TOKEN;
  else process.env.METRICS_TOKEN = value;
  provideSettings({}); // settings are cached: read them again
}

const scrape = (authorization?: string) => metrics(new Request("http://localhost/api/metrics", { headers: authorization ? { authorization } : {} }), noParams);

describe("liveness and readiness", () => {
  it("/api/health answers without asking anything", async () => {
    const response = await health(new Request("http://localhost/api/health"), noParams);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("/api/ready is 200 when every migration is applied", async () => {
    const response = await ready(new Request("http://localhost/api/ready"), noParams);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready", migrations: MIGRATIONS.length });
  });

  it("/api/ready is 503 naming a migration that is not applied, or one that did not finish", async () => {
    const last = MIGRATIONS.at(-1)!;
    const [row] = await db().$queryRaw<Record<string, unknown>[]>`SELECT * FROM "_prisma_migrations" WHERE migration_name = ${last}`;
    expect(row).toBeDefined();
    try {
      await db().$executeRaw`UPDATE "_prisma_migrations" SET migration_name = ${`${last}_moved`} WHERE migration_name = ${last}`;
      const pending = await ready(new Request("http://localhost/api/ready"), noParams);
      expect(pending.status).toBe(503);
      expect(await pending.json()).toMatchObject({ status: "not_ready", database: "ok", pendingMigrations: [last] });

      await db()
        .$executeRaw`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES (gen_random_uuid()::text, 'x', 'half_done', now())`;
      const failed = await ready(new Request("http://localhost/api/ready"), noParams);
      expect(failed.status).toBe(503);
      expect(await failed.json()).toMatchObject({ failedMigrations: ["half_done"], pendingMigrations: [last] });
    } finally {
      await db().$executeRaw`DELETE FROM "_prisma_migrations" WHERE migration_name = 'half_done'`;
      await db().$executeRaw`UPDATE "_prisma_migrations" SET migration_name = ${last} WHERE migration_name = ${`${last}_moved`}`;
    }
    expect((await ready(new Request("http://localhost/api/ready"), noParams)).status).toBe(200);
  });

  it("says the database does not answer, without its address or credentials", async () => {
    const url = "postgresql://someone:hunter2-secret@127.0.0.1:1/nowhere";
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: 1000 }) });
    try {
      const report = await readiness(client);
      expect(report).toEqual({ status: "not_ready", database: "unreachable", problems: ["The database does not answer."] });
      expect(JSON.stringify(report)).not.toMatch(/hunter2|someone|127\.0\.0\.1|nowhere/);
    } finally {
      await client.$disconnect();
    }
  });
});

describe("/api/metrics", () => {
  afterAll(() => setMetricsToken(undefined));

  it("does not exist without METRICS_TOKEN, and refuses a missing or wrong token", async () => {
    setMetricsToken(undefined);
    expect((await scrape(`Bearer ${METRICS_TOKEN}`)).status).toBe(404);
    setMetricsToken(METRICS_TOKEN);
    expect((await scrape()).status).toBe(401);
    const wrong = await scrape(`Bearer ${METRICS_TOKEN}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await scrape(`Basic ${METRICS_TOKEN}`)).status).toBe(401);
    expect((await scrape(`Bearer ${METRICS_TOKEN}`)).status).toBe(200);
  });

  describe("after a full connect", () => {
    let text = "";
    beforeAll(async () => {
      setMetricsToken(METRICS_TOKEN);
      await truncateAll();
      await resetEmulator();
      const { key, apiKey } = await createApiKey("metrics test");
      // A receiver (straight in the table: no dispatcher runs here, so what is queued stays queued).
      await db().apiKey.update({
        where: { id: apiKey.id },
        data: { webhookUrl: "https://receiver.example/hooks", sealedWebhookSecret: seal("whsec_test", apiKey.id) },
      });
      const auth = { authorization: `Bearer ${key}`, "content-type": "application/json" };
      // The host mints a session (the account is new to Switchboard: read from Cyclr).
      const minted = await mintSession(
        new Request("http://localhost/api/v1/connect-sessions", {
          method: "POST",
          headers: auth,
          body: JSON.stringify({ accountId: "acme-corp", userId: "u-metrics" }),
        }),
        noParams,
      );
      expect(minted.status).toBe(201);
      const { token } = (await minted.json()) as { token: string };
      const statuses = await accountConnectors(new Request("http://localhost/api/v1/accounts/acme-corp/connectors?refresh=true", { headers: auth }), {
        params: Promise.resolve({ accountId: "acme-corp" }),
      });
      expect(statuses.status).toBe(200);
      const session = await requireSession(token);
      const connectors = await listConnectors(session.account.id);
      const oauth = connectors.find((c) => c.authType === "OAuth2" && !c.name.includes("<"))!;
      const apiKeyApp = connectors.find((c) => c.authType === "ApiKey")!;

      // OAuth through Cyclr's page: approve, then the page's message triggers the check.
      const started = await startConnectAction({ token, connectorId: oauth.id, mode: "POPUP" });
      if (!started.ok) throw new Error(started.error.message);
      const consentPage = await (await fetch(started.data.url)).text();
      const consent = /name="consent" value="([^"]+)"/.exec(consentPage)![1]!;
      const service = new URL(started.data.url).origin;
      await fetch(`${service}/connectorauth/consent`, { method: "POST", body: new URLSearchParams({ consent, decision: "approve" }), redirect: "manual" });
      const polled = await pollAttempt(
        new Request(`http://localhost/api/connect/attempts/${started.data.attemptId}`, { headers: { "x-switchboard-session": token } }),
        { params: Promise.resolve({ id: started.data.attemptId }) },
      );
      expect(polled.status).toBe(200);
      const completed = await completeConnectAction({ token, attemptId: started.data.attemptId, trigger: "message" });
      expect(completed).toMatchObject({ ok: true, data: { status: "SUCCEEDED" } });
      // An API-key app through the form, and one whose key Cyclr refuses.
      expect(await submitCredentialsAction({ token, connectorId: apiKeyApp.id, credentials: { kind: "apiKey", apiKey: "mc-good-key" } })).toMatchObject({
        ok: true,
      });
      expect(await submitCredentialsAction({ token, connectorId: apiKeyApp.id, credentials: { kind: "apiKey", apiKey: "invalid" } })).toMatchObject({
        ok: false,
      });
      expect((await syncAll(systemActor())).ran).toBe(true);

      const response = await scrape(`Bearer ${METRICS_TOKEN}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      text = await response.text();
      if (process.env.SHOW_METRICS)
        console.log(
          text
            .split("\n")
            .filter((l) => l.startsWith("switchboard_"))
            .join("\n"),
        );
    });

    const value = (series: RegExp) => {
      const line = text.split("\n").find((l) => series.test(l));
      return line === undefined ? undefined : Number(line.split(" ").at(-1));
    };

    it("counts HTTP requests by route pattern, method and status, never by raw path", () => {
      expect(value(/^switchboard_http_request_duration_seconds_count\{.*route="\/api\/v1\/connect-sessions",method="POST",status="201"/)).toBe(1);
      expect(
        value(/^switchboard_http_request_duration_seconds_count\{.*route="\/api\/v1\/accounts\/\[accountId\]\/connectors",method="GET",status="200"/),
      ).toBe(1);
      expect(value(/^switchboard_http_request_duration_seconds_count\{.*route="\/api\/connect\/attempts\/\[id\]",method="GET",status="200"/)).toBe(1);
      expect(value(/^switchboard_http_request_duration_seconds_count\{.*route="action:startConnect",method="POST",status="200"/)).toBe(1);
      expect(value(/^switchboard_http_request_duration_seconds_count\{.*route="action:submitCredentials",method="POST",status="400"/)).toBe(1);
      expect(value(/^switchboard_http_request_duration_seconds_bucket\{le="\+Inf",.*route="\/api\/v1\/connect-sessions"/)).toBe(1);
      expect(text).not.toMatch(/route="[^"]*acme-corp/);
    });

    it("counts calls to Cyclr by route pattern and status, token fetches and connect attempts by outcome", () => {
      expect(
        value(/^switchboard_provider_request_duration_seconds_count\{.*provider="Cyclr",method="POST",route="\/oauth\/token",status="200"/),
      ).toBeGreaterThanOrEqual(1);
      expect(
        value(
          /^switchboard_provider_request_duration_seconds_count\{.*provider="Cyclr",method="POST",route="\/v1\.0\/accounts\/\{id\}\/signintoken",status="200"/,
        ),
      ).toBe(1);
      expect(
        value(
          /^switchboard_provider_request_duration_seconds_count\{.*provider="Cyclr",method="GET",route="\/v1\.0\/account\/connectors\/\{id\}",status="200"/,
        ),
      ).toBeGreaterThanOrEqual(1);
      // The accepted key and the refused one: Cyclr's answers, by status.
      expect(value(/^switchboard_provider_request_duration_seconds_count\{.*method="PUT",route="\/v1\.0\/account\/connectors\/\{id\}",status="200"/)).toBe(1);
      expect(value(/^switchboard_provider_request_duration_seconds_count\{.*method="PUT",route="\/v1\.0\/account\/connectors\/\{id\}",status="400"/)).toBe(1);
      expect(value(/^switchboard_provider_token_fetches_total\{.*provider="Cyclr",kind="partner",outcome="success"/)).toBeGreaterThanOrEqual(1);
      expect(value(/^switchboard_connect_attempts_total\{.*outcome="SUCCEEDED"/)).toBe(2);
      expect(value(/^switchboard_connect_attempts_total\{.*outcome="FAILED"/)).toBe(1);
      expect(value(/^switchboard_sync_duration_seconds_count\{.*outcome="SUCCEEDED"/)).toBe(1);
    });

    it("reads the webhook outbox's depth and the last complete sync's age from the database at scrape time", async () => {
      const pending = await db().webhookDelivery.count({ where: { status: "PENDING" } });
      expect(pending).toBeGreaterThanOrEqual(2); // connector.connected, twice
      expect(value(/^switchboard_webhook_outbox_depth\{/)).toBe(pending);
      const age = value(/^switchboard_last_complete_sync_age_seconds\{/)!;
      expect(age).toBeGreaterThanOrEqual(0);
      expect(age).toBeLessThan(60);
    });
  });
});
