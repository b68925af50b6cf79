import "server-only";
import type { z } from "zod";
import { errorForStatus, ProviderError, type Provider } from "./errors";
import type { CachedTokens } from "./tokens";
import { readJson, send, withRetry, type RetryPolicy } from "./transport";

// The one way Switchboard calls a provider's API (Cyclr's and Podero's clients build on it):
// the cached token, one exchange retried while it is safe to repeat, the token replaced once
// on a 401, errors in the provider's words, and every answer parsed by its schema.

export type ProviderCall<T> = {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  /** The path's pattern, for metrics ("/v1.0/accounts/{id}"): no ids, no query. */
  route: string;
  headers?: Record<string, string>;
  body?: unknown;
  schema: z.ZodType<T>;
  /** SAFE_RETRY only for calls that may be repeated without effect (reads, idempotent PUTs). */
  retry: RetryPolicy;
  /** What is asked for, in words, for error messages ("account connector"). */
  what: string;
};

type Answer = { status: number; ok: boolean; body: unknown };

export type ProviderConfig = { apiUrl: string; timeoutMs: number };

export abstract class ProviderClient {
  constructor(
    protected readonly provider: Provider,
    protected readonly config: ProviderConfig,
    readonly tokens: CachedTokens,
    private readonly tokenKey: string,
  ) {}

  protected async call<T>(call: ProviderCall<T>): Promise<T> {
    // Token trouble is retried where tokens are obtained; only the API request is retried here.
    let token = await this.tokens.getToken(this.tokenKey);
    let answer = await withRetry(call.retry, () => this.exchange(call, token));
    if (answer.status === 401) {
      // Revoked, expired early or rotated by another instance. A 401 means nothing was done, so one retry is safe even for a POST.
      token = await this.tokens.replace(this.tokenKey, token);
      answer = await withRetry(call.retry, () => this.exchange(call, token));
    }
    if (!answer.ok) throw errorForStatus(this.provider, answer.status, answer.body, call.what);
    const parsed = call.schema.safeParse(answer.body);
    if (!parsed.success) {
      const { name } = this.provider;
      throw new ProviderError(name, "invalid_response", `${name} sent ${call.what} data Switchboard does not understand.`, answer.status);
    }
    return parsed.data;
  }

  /** One request and its body; transient failures (5xx, 429, timeouts, network) throw, to be retried. */
  private async exchange(call: ProviderCall<unknown>, token: string): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json", ...call.headers };
    if (call.body !== undefined) headers["content-type"] = "application/json";
    const response = await send(
      this.provider,
      `${this.config.apiUrl}${call.path}`,
      { method: call.method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body) },
      this.config.timeoutMs,
      call.route,
    );
    if (response.status === 401) {
      await response.body?.cancel().catch(() => {});
      return { status: 401, ok: false, body: null };
    }
    // An error page that is not JSON still says what the status says.
    const body = response.ok ? await readJson(this.provider, response) : await readJson(this.provider, response).catch(() => null);
    return { status: response.status, ok: response.ok, body };
  }
}
