import "server-only";
import { z } from "zod";
import { readAtMost } from "@/lib/bounded-read";
import { refusals } from "@/lib/metrics";
import { fail, type Failure, type FieldErrors } from "@/lib/result";

// Reading and checking what an entry point is given: route params, the query string and a
// JSON body (size-limited before it is read), each by its zod schema.

/** No JSON body Switchboard accepts comes near this; anything larger is refused unread. */
export const MAX_BODY_BYTES = 64 * 1024;

export type InputSpec<P, Q, B> = { params?: z.ZodType<P>; query?: z.ZodType<Q>; body?: z.ZodType<B> };

/** How an entry point words a bad input. */
export type InputWords = {
  /** Route params that do not parse: usually "not found", since the URL names nothing that exists. */
  params: (message: string) => Failure;
  notJson: string;
  invalidBody: string;
};

/** Field errors by field name: the key at `depth` of each issue's path (0: the body's own fields). */
export function fieldErrors(error: z.ZodError, depth = 0): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const name = String(issue.path[depth] ?? issue.path.at(-1) ?? "body");
    (fields[name] ??= []).push(issue.message);
  }
  return fields;
}

const firstMessage = (error: z.ZodError) => error.issues[0]?.message ?? "That request was not valid.";

/** Which kind of entry point refused a body, for the refusals metric. */
export type BodyEdge = "host_api" | "connect" | "admin";

/**
 * The body as text, or the 413 that refuses it: by its Content-Length before a byte of it is
 * read, else as soon as what arrives passes MAX_BODY_BYTES. Entry points read it before
 * anything else (credentials included), so an oversized body costs no more than the limit;
 * observe() then sees that Node reads no more of it either (leaveUnread).
 */
export async function readBody(request: Request, edge: BodyEdge): Promise<string | Failure> {
  const tooLarge = () => {
    refusals.inc({ reason: "too_large", edge });
    return fail("too_large", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  };
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return tooLarge();
  const { bytes, truncated } = await readAtMost(request.body, MAX_BODY_BYTES);
  return truncated ? tooLarge() : bytes.toString("utf8");
}

type Parsed<P, Q, B> = { ok: true; params: P; query: Q; body: B } | Failure;

/** Parses params, query and the body already read (`raw`, from readBody) by the spec's schemas. */
export async function parseInput<P, Q, B>(
  spec: InputSpec<P, Q, B>,
  request: Request,
  context: { params: Promise<unknown> } | undefined,
  words: InputWords,
  raw = "",
): Promise<Parsed<P, Q, B>> {
  let params = undefined as P;
  if (spec.params) {
    const parsed = spec.params.safeParse((await context?.params) ?? {});
    if (!parsed.success) return words.params(firstMessage(parsed.error));
    params = parsed.data;
  }
  let query = undefined as Q;
  if (spec.query) {
    const parsed = spec.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) return fail("bad_request", firstMessage(parsed.error));
    query = parsed.data;
  }
  let body = undefined as B;
  if (spec.body) {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return fail("bad_request", words.notJson);
    }
    const parsed = spec.body.safeParse(json);
    if (!parsed.success) return fail("bad_request", words.invalidBody, fieldErrors(parsed.error));
    body = parsed.data;
  }
  return { ok: true, params, query, body };
}
