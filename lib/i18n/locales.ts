// The languages the end-user pages speak, and how a request's language is chosen: the page's
// `?locale=` (the SDK's mount option), then the session's locale (the host's, when minting),
// then the browser's Accept-Language in its order of preference, then English. Tags are
// matched by language alone (de-AT speaks de). The first of `?locale=` and the session's
// locale that is a well-formed tag decides (junk is ignored); one naming a language we do not
// have means English, as the host API documents. From Accept-Language, the most wanted
// language we have.

export const locales = ["en", "de", "fr", "es"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";

/** A BCP 47 tag as hosts and browsers write them (the same shape sessions accept). */
const TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

const normalized = (tag: string) => tag.trim().replace(/_/g, "-");

/** Whether a value is a language tag at all (junk is not: it is ignored). */
function isTag(tag: string | null | undefined): tag is string {
  return typeof tag === "string" && normalized(tag).length <= 35 && TAG.test(normalized(tag));
}

/** The language we have for a tag ("de-AT" → "de"), or null for junk and languages we lack. */
export function matchLocale(tag: string | null | undefined): Locale | null {
  if (!isTag(tag)) return null;
  const language = normalized(tag).split("-")[0]!.toLowerCase();
  return isLocale(language) ? language : null;
}

/**
 * The tags of an Accept-Language header, most wanted first (q-values; equal ones keep their
 * order), without `*` and without those refused with q=0.
 */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  const entries = header
    .slice(0, 1000)
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.split(";").map((piece) => piece.trim());
      const q = params.find((param) => /^q=/i.test(param));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag, weight: Number.isFinite(weight) ? Math.min(Math.max(weight, 0), 1) : 0, index };
    })
    .filter((entry) => entry.tag !== "" && entry.tag !== "*" && entry.weight > 0);
  entries.sort((a, b) => b.weight - a.weight || a.index - b.index);
  return entries.map((entry) => entry.tag);
}

export type LocaleSources = {
  /** The page's `?locale=` (a repeated parameter counts by its first value). */
  query?: string | string[] | null;
  /** The session's locale, as the host gave it. */
  session?: string | null;
  /** The request's Accept-Language header. */
  acceptLanguage?: string | null;
};

/** The language a request is answered in. */
export function resolveLocale({ query, session, acceptLanguage }: LocaleSources): Locale {
  const asked = Array.isArray(query) ? query[0] : query;
  for (const tag of [asked, session]) if (isTag(tag)) return matchLocale(tag) ?? defaultLocale;
  return (
    acceptedLanguages(acceptLanguage)
      .map(matchLocale)
      .find((locale) => locale !== null) ?? defaultLocale
  );
}
