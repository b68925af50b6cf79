import { sanitizeMessage, type Provider } from "@/lib/providers/errors";

/** Podero's `detail` (a string, or Django REST framework's list or field map) as one safe line. */
export function detailText(body: unknown): string | null {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === "string") return sanitizeMessage(detail);
  if (Array.isArray(detail)) return sanitizeMessage(detail.map(String).join("; "));
  if (detail && typeof detail === "object")
    return sanitizeMessage(
      Object.entries(detail)
        .map(([field, words]) => `${field}: ${String(words)}`)
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
