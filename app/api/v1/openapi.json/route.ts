import { openApiDocument } from "@/lib/contract/openapi";
import { observe } from "@/lib/entry/observe";

// GET /api/v1/openapi.json — the host API's contract, for people and code generators. Public:
// it describes the API, and holds nothing about any account.
let document: string | undefined;

export const GET = observe(async () => {
  document ??= JSON.stringify(openApiDocument(), null, 2);
  return new Response(document, { headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=300" } });
});
