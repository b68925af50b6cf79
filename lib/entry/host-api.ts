import "server-only";
import { authenticateApiKey, type ApiKeyIdentity } from "@/lib/api-keys";
import { consume, tooManyRequestsResponse } from "@/lib/rate-limit";
import { errorResponse, fail, jsonResponse, run } from "@/lib/result";
import { observe } from "./observe";
import { parseInput, readBody, type InputSpec } from "./input";

// Every host API route (/api/v1/…): the body read (size-limited) before anything, then the
// API key, then its rate limit (RATE_LIMIT_HOST_API a minute: 429 with Retry-After), then
// the input by its schemas, then the work; expected failures become
// {"error":{"code","message","fields"?}}.

type Context = { params: Promise<unknown> };

export function hostApiRoute<P = undefined, Q = undefined, B = undefined>(
  spec: InputSpec<P, Q, B> & { status?: number },
  work: (input: { apiKey: ApiKeyIdentity; params: P; query: Q; body: B }) => Promise<unknown>,
): (request: Request, context: Context) => Promise<Response> {
  return observe(async (request, context) => {
    const raw = spec.body ? await readBody(request, "host_api") : "";
    if (typeof raw !== "string") return errorResponse(raw);
    const apiKey = await authenticateApiKey(request.headers.get("authorization"));
    if (!apiKey) return errorResponse(fail("unauthorized", "Missing or invalid API key. Send Authorization: Bearer <api key>."));
    const limit = await consume(["host_api", apiKey.id]);
    if (!limit.allowed) return tooManyRequestsResponse(limit.retryAfter);
    const input = await parseInput(
      spec,
      request,
      context,
      {
        params: (message) => fail("bad_request", message),
        notJson: "The body must be JSON.",
        invalidBody: "The request body is not valid.",
      },
      raw,
    );
    if (!input.ok) return errorResponse(input);
    const result = await run(() => work({ apiKey, params: input.params, query: input.query, body: input.body }));
    if (!result.ok) return errorResponse(result);
    return result.data instanceof Response ? result.data : jsonResponse(result.data, spec.status);
  });
}
