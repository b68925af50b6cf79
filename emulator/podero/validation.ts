import { DEVICE_TYPES, LANGUAGES, PRICE_ZONES, type DeviceType } from "./catalogue";

// The onboarding body checked as Podero does before its view runs: every bad field named at
// once, as 422 `{"detail": [{loc, msg, type}]}` (CYCLR.md). The loc/msg/type wording follows
// pydantic v2, whose shape CYCLR.md's list is (inferred: `loc` starts with "body").

export type FieldError = { loc: (string | number)[]; msg: string; type: string };

export type OnboardingInput = {
  user_id: string;
  success_url: string;
  cancel_url: string;
  language: string;
  price_zone_default: string | null;
  device_type: DeviceType | null;
  building_id: string | null;
  is_smart_optimization_active_default: boolean | null;
};

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A UUID as pydantic reads it (with or without hyphens, any case), in its canonical form. */
const canonicalUuid = (value: string) =>
  value
    .replace(/-/g, "")
    .toLowerCase()
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");

/** pydantic's message for a choice: "Input should be 'a', 'b' or 'c'". */
const choices = (values: readonly string[]) =>
  `Input should be ${values
    .slice(0, -1)
    .map((v) => `'${v}'`)
    .join(", ")} or '${values.at(-1)}'`;

function uuidError(value: unknown): Omit<FieldError, "loc"> | null {
  if (typeof value !== "string") return { msg: "UUID input should be a string, bytes or UUID object", type: "uuid_type" };
  return UUID.test(value) ? null : { msg: "Input should be a valid UUID", type: "uuid_parsing" };
}

/** pydantic's HttpUrl: a string, an absolute URL, http or https, with a host. */
function urlError(value: unknown): Omit<FieldError, "loc"> | null {
  if (typeof value !== "string") return { msg: "URL input should be a string or URL", type: "url_type" };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { msg: "Input should be a valid URL, relative URL without a base", type: "url_parsing" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { msg: "URL scheme should be 'http' or 'https'", type: "url_scheme" };
  return url.hostname ? null : { msg: "Input should be a valid URL, empty host", type: "url_parsing" };
}

function choiceError(value: unknown, values: readonly string[]): Omit<FieldError, "loc"> | null {
  return typeof value === "string" && values.includes(value) ? null : { msg: choices(values), type: "enum" };
}

/**
 * Required: user_id, success_url, cancel_url. Optional (absent or null): language (then "en"),
 * price_zone_default, device_type, building_id, is_smart_optimization_active_default
 * (inferred: Podero's reference lists them without saying which are required). Unknown
 * fields are ignored, as pydantic does.
 */
export function validateOnboarding(body: unknown): { ok: true; input: OnboardingInput } | { ok: false; errors: FieldError[] } {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return {
      ok: false,
      errors: [{ loc: ["body"], msg: "Input should be a valid dictionary or object to extract fields from", type: "model_attributes_type" }],
    };
  }
  const fields = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const check = (name: string, required: boolean, test: (value: unknown) => Omit<FieldError, "loc"> | null) => {
    const value = fields[name];
    if (value === undefined || (value === null && !required)) {
      if (required) errors.push({ loc: ["body", name], msg: "Field required", type: "missing" });
      return;
    }
    const error = test(value);
    if (error) errors.push({ loc: ["body", name], ...error });
  };
  check("user_id", true, uuidError);
  check("success_url", true, urlError);
  check("cancel_url", true, urlError);
  check("language", false, (value) => choiceError(value, LANGUAGES));
  check("price_zone_default", false, (value) => choiceError(value, PRICE_ZONES));
  check("device_type", false, (value) => choiceError(value, DEVICE_TYPES));
  check("building_id", false, uuidError);
  check("is_smart_optimization_active_default", false, (value) =>
    typeof value === "boolean" ? null : { msg: "Input should be a valid boolean", type: "bool_type" },
  );
  if (errors.length) return { ok: false, errors };
  const optional = <T>(name: string) => (fields[name] ?? null) as T | null;
  return {
    ok: true,
    input: {
      user_id: canonicalUuid(fields.user_id as string),
      success_url: fields.success_url as string,
      cancel_url: fields.cancel_url as string,
      language: optional<string>("language") ?? "en",
      price_zone_default: optional<string>("price_zone_default"),
      device_type: optional<DeviceType>("device_type"),
      building_id: fields.building_id ? canonicalUuid(fields.building_id as string) : null,
      is_smart_optimization_active_default: optional<boolean>("is_smart_optimization_active_default"),
    },
  };
}
