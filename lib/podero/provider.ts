import { sanitizeMessage, type Provider } from "@/lib/providers/errors";

/** One pydantic-style validation error (`{loc, msg, type}`) as "field: message"; the "body" or "query" head of `loc` says nothing to a person. */
function validationText(item: unknown): string {
  if (!item || typeof item !== "object") return String(item);
  const { loc, msg } = item as { loc?: unknown; msg?: unknown };
  const words = typeof msg === "string" ? msg : JSON.stringify(item);
  const path = Array.isArray(loc) ? loc.filter((part, i) => !(i === 0 && (part === "body" || part === "query" || part === "path"))).map(String) : [];
  return path.length ? `${path.join(".")}: ${words}` : words;
}

/**
 * Podero's `detail` as one safe line: a string; Django REST framework's list of strings or
 * field map; or pydantic's list of `{loc, msg, type}` (422 for a bad onboarding), each as
 * "field: message" ("language: Input should be 'sv', 'de', … or 'ro'").
 */
export function detailText(body: unknown): string | null {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === "string") return sanitizeMessage(detail);
  if (Array.isArray(detail)) return sanitizeMessage(detail.map(validationText).join("; "));
  if (detail && typeof detail === "object")
    return sanitizeMessage(
      Object.entries(detail)
        .map(([field, words]) => `${field}: ${Array.isArray(words) ? words.map(String).join(" ") : String(words)}`)
        .join("; "),
    );
  return null;
}

/** How Podero answers (Django REST framework): `detail` bodies, 422 for invalid input, 403 for a refused token. */
export const PODERO: Provider = {
  name: "Podero",
  badRequest: [400, 422],
  unauthorized: [401, 403],
  forbidden: [],
  said: detailText,
};
