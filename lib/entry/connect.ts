import "server-only";
import { z } from "zod";
import { clientIp } from "@/lib/client-ip";
import { requireSession, type ActiveSession } from "@/lib/connect/sessions";
import { localizeFailure } from "@/lib/i18n/failures";
import { defaultLocale, matchLocale } from "@/lib/i18n/locales";
import { consumeConnect, tooManyRequests, tooManyRequestsResponse } from "@/lib/rate-limit";
import { errorResponse, fail, jsonResponse, run, type Result } from "@/lib/result";
import { actionHeaders, observe, observeAction } from "./observe";
import { fieldErrors, parseInput, readBody, type InputSpec } from "./input";

// Every end-user entry point: the connect page's GET routes (session token in the
// x-switchboard-session header, never the URL) and its server actions (token in the
// input). Actions are public endpoints: each parses its input and re-checks the token.
// Each request first counts against the connect limits, per session token and per client
// address (RATE_LIMIT_CONNECT_SESSION, RATE_LIMIT_CONNECT_IP a minute, shared with the page
// loads): over either, a route answers 429 with Retry-After and an action returns the same
// failure as a value.

type Context = { params: Promise<unknown> };

/**
 * A route the connect page calls (a GET it reads, or a POST with a JSON `body`, read
 * size-limited first); params that do not parse name nothing: `notFound`. A body that does
 * not parse is a 400 with each field's problem. A failure is worded in the body's `locale`
 * when it has one (the page's language), else in English.
 */
export function sessionRoute<P = undefined, Q = undefined, B = undefined>(
  spec: InputSpec<P, Q, B> & { notFound?: string; status?: number },
  work: (input: { session: ActiveSession; params: P; query: Q; body: B }) => Promise<unknown>,
): (request: Request, context: Context) => Promise<Response> {
  return observe(async (request, context) => {
    const raw = spec.body ? await readBody(request, "connect") : "";
    if (typeof raw !== "string") return errorResponse(raw);
    const token = request.headers.get("x-switchboard-session") ?? "";
    const limit = await consumeConnect(token, clientIp(request.headers));
    if (!limit.allowed) return tooManyRequestsResponse(limit.retryAfter);
    const input = await parseInput(
      spec,
      request,
      context,
      { params: () => fail("not_found", spec.notFound ?? "Not found."), notJson: "The body must be JSON.", invalidBody: "That request was not valid." },
      raw,
    );
    if (!input.ok) return errorResponse(input);
    const result = await run(async () => work({ session: await requireSession(token), params: input.params, query: input.query, body: input.body }));
    if (result.ok) return jsonResponse(result.data, spec.status);
    // A body that names the page's language (`locale`) gets its failure worded in it, as an action's is.
    const asked = (input.body as { locale?: unknown } | undefined)?.locale;
    return errorResponse(typeof asked === "string" ? localizeFailure(matchLocale(asked) ?? defaultLocale, result) : result);
  });
}

const token = z.string().min(1).max(200);

/**
 * A server action of the connect page: `{ token, locale?, ...input }`, the input typed by its
 * schema. Issues in the `form` field (what the user typed) come back as field errors to show;
 * anything else is a request the page would never make. A failure is worded in `locale`, the
 * page's language (English when it names none we have).
 */
export function sessionAction<S extends z.ZodObject, T>(
  schema: S,
  work: (session: ActiveSession, input: z.output<S>) => Promise<T>,
  options: { form?: keyof z.output<S> & string; /** For its log line and metrics: `action:<name>`. */ name?: string } = {},
): (input: { token: string; locale?: string } & z.input<S>) => Promise<Result<T>> {
  const full = schema.extend({ token, locale: z.string().max(35).optional() });
  const act = async (input: { token?: unknown; locale?: unknown } | null): Promise<Result<T>> => {
    const limit = await consumeConnect(token.safeParse(input?.token).success ? (input!.token as string) : "", clientIp(await actionHeaders()));
    if (!limit.allowed) return tooManyRequests(limit.retryAfter);
    const parsed = full.safeParse(input);
    if (!parsed.success) {
      const typed = options.form && parsed.error.issues.every((issue) => issue.path[0] === options.form);
      return typed ? fail("bad_request", "Check the highlighted fields.", fieldErrors(parsed.error, 1)) : fail("bad_request", "That request was not valid.");
    }
    const { token: sessionToken, locale: _locale, ...rest } = parsed.data as z.output<S> & { token: string; locale?: string };
    return run(async () => work(await requireSession(sessionToken), rest as z.output<S>));
  };
  return observeAction(options.name ?? "connect", async (input: { token: string; locale?: string } & z.input<S>) => {
    const given = input as { token?: unknown; locale?: unknown } | null;
    const result = await act(given);
    return result.ok ? result : localizeFailure(matchLocale(typeof given?.locale === "string" ? given.locale : null) ?? defaultLocale, result);
  });
}
