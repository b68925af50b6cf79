import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from "prom-client";

// Prometheus metrics, one registry per process (Next may load this module in more than one
// bundle: the registry lives on globalThis, and each metric is made once). Served by
// /api/metrics behind METRICS_TOKEN. Label values are always from small fixed sets (route
// patterns, provider names, outcomes), never ids or user input.

const globalMetrics = globalThis as unknown as { switchboardRegistry?: Registry };

function createRegistry(): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: "switchboard" });
  collectDefaultMetrics({ register: registry });
  return registry;
}

export const registry: Registry = (globalMetrics.switchboardRegistry ??= createRegistry());

function once<M extends Metric>(name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}

const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpRequests = once(
  "switchboard_http_request_duration_seconds",
  () =>
    new Histogram({
      name: "switchboard_http_request_duration_seconds",
      help: "HTTP requests Switchboard answered, by route pattern, method and status",
      labelNames: ["route", "method", "status"] as const,
      buckets: seconds,
      registers: [registry],
    }),
);

export const providerCalls = once(
  "switchboard_provider_request_duration_seconds",
  () =>
    new Histogram({
      name: "switchboard_provider_request_duration_seconds",
      help: "Calls to Cyclr and Podero, by provider, method, route pattern and status (0 when no answer came)",
      labelNames: ["provider", "method", "route", "status"] as const,
      buckets: seconds,
      registers: [registry],
    }),
);

export const tokenFetches = once(
  "switchboard_provider_token_fetches_total",
  () =>
    new Counter({
      name: "switchboard_provider_token_fetches_total",
      help: "Tokens fetched from a provider (not served from the cache), by provider, kind (partner, account) and outcome (success, failure)",
      labelNames: ["provider", "kind", "outcome"] as const,
      registers: [registry],
    }),
);

export const connectAttempts = once(
  "switchboard_connect_attempts_total",
  () =>
    new Counter({
      name: "switchboard_connect_attempts_total",
      help: "Connect attempts finished, by outcome (SUCCEEDED, FAILED, EXPIRED, CANCELLED)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
);

export const webhookDeliveries = once(
  "switchboard_webhook_deliveries_total",
  () =>
    new Counter({
      name: "switchboard_webhook_deliveries_total",
      help: "Webhook delivery tries, by outcome (delivered, retry, failed, refused)",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
);

export const refusals = once(
  "switchboard_refusals_total",
  () =>
    new Counter({
      name: "switchboard_refusals_total",
      help: "Requests refused, by reason (rate_limited, sign_in_failed, too_large, …) and edge (host_api, connect, admin, sign_in)",
      labelNames: ["reason", "edge"] as const,
      registers: [registry],
    }),
);

export const syncDuration = once(
  "switchboard_sync_duration_seconds",
  () =>
    new Histogram({
      name: "switchboard_sync_duration_seconds",
      help: "Syncs with Cyclr, by outcome (SUCCEEDED, FAILED)",
      labelNames: ["outcome"] as const,
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: [registry],
    }),
);

/** Gauges read from the database when scraped (outbox depth, last sync's age): set by the metrics route. */
export const outboxDepth = once(
  "switchboard_webhook_outbox_depth",
  () =>
    new Gauge({
      name: "switchboard_webhook_outbox_depth",
      help: "Webhook deliveries waiting to be sent (pending, including retries)",
      registers: [registry],
    }),
);

export const lastSyncAge = once(
  "switchboard_last_complete_sync_age_seconds",
  () =>
    new Gauge({
      name: "switchboard_last_complete_sync_age_seconds",
      help: "Seconds since the last sync that completed (-1 when none has)",
      registers: [registry],
    }),
);
