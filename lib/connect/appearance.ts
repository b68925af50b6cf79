import { z } from "zod";

/**
 * How the widget looks, as the host asks when minting the session or mounting it: theme,
 * accent colour, corner radius and background. Every field is optional; what is left out
 * keeps Switchboard's own look.
 */
export const appearanceInput = z.strictObject(
  {
    theme: z.enum(["light", "dark", "auto"], { error: 'theme is one of "light", "dark" or "auto"' }).optional(),
    accent: z
      .string({ error: "accent must be a string" })
      .regex(/^#[0-9a-fA-F]{6}$/, 'accent is a colour written "#rrggbb", e.g. "#4f46e5"')
      .transform((value) => value.toLowerCase())
      .optional(),
    radius: z
      .number({ error: "radius must be a number of pixels" })
      .int("radius is a whole number of pixels")
      .min(0, "radius is at least 0")
      .max(24, "radius is at most 24")
      .optional(),
    background: z.enum(["default", "transparent"], { error: 'background is "default" or "transparent"' }).optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `appearance has no field ${issue.keys.join(", ")}` : "appearance must be an object") },
);

export type Appearance = z.infer<typeof appearanceInput>;

/** A stored appearance (written by this schema), read back; anything unreadable is no appearance. */
export function storedAppearance(value: unknown): Appearance {
  const parsed = appearanceInput.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** What a page is drawn with: every field decided. */
export type PageAppearance = {
  theme: "light" | "dark" | "auto";
  accent: string;
  /** Pixels; null keeps Switchboard's own corners. */
  radius: number | null;
  background: "default" | "transparent";
};

/** Switchboard's own accent (Tailwind's indigo-600), when the host gives none. */
export const DEFAULT_ACCENT = "#4f46e5";

const fields = appearanceInput.shape;
/** The query's value for one field as the schema reads it (radius from its digits), or undefined. */
const queryField = {
  theme: (raw: string) => fields.theme.safeParse(raw).data,
  accent: (raw: string) => fields.accent.safeParse(raw).data,
  radius: (raw: string) => (/^\d{1,2}$/.test(raw) ? fields.radius.safeParse(Number(raw)).data : undefined),
  background: (raw: string) => fields.background.safeParse(raw).data,
} satisfies { [K in keyof Appearance]-?: (raw: string) => Appearance[K] };

/**
 * The page's appearance: the session's, overridden field by field by the page URL's query
 * (`theme`, `accent`, `radius`, `background`, which the SDK's mount options become). A query
 * value the schema refuses is ignored: the page never fails over its looks (only the host
 * API answers 400). A transparent background only makes sense framed: /embed only.
 */
export function pageAppearance(session: Appearance, query: Record<string, string | string[] | undefined>, { embedded }: { embedded: boolean }): PageAppearance {
  const merged: Appearance = { ...session };
  for (const key of Object.keys(queryField) as (keyof Appearance)[]) {
    const raw = query[key];
    const value = typeof raw === "string" ? queryField[key](raw) : undefined;
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  return {
    theme: merged.theme ?? "light",
    accent: merged.accent ?? DEFAULT_ACCENT,
    radius: merged.radius ?? null,
    background: embedded && merged.background === "transparent" ? "transparent" : "default",
  };
}

// --- Contrast (WCAG 2.x) -----------------------------------------------------------------

type Rgb = [number, number, number];

const rgb = (hex: string): Rgb => [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)) as Rgb;
const hexOf = (channels: Rgb): string => `#${channels.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;

/** WCAG 2.x relative luminance of an sRGB "#rrggbb" colour (0 for black, 1 for white). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.x contrast ratio of two colours, from 1 (the same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** WCAG AA for normal text. */
export const AA_TEXT = 4.5;

export const WHITE = "#ffffff";
/** The near-black text on light accents (Tailwind's gray-900). */
export const NEAR_BLACK = "#111827";
const BLACK = "#000000";

/** `from` moved towards `to` by `amount` (0 to 1), channel by channel. */
function mix(from: string, to: string, amount: number): string {
  const [a, b] = [rgb(from), rgb(to)];
  return hexOf(a.map((channel, i) => channel + (b[i]! - channel) * amount) as Rgb);
}

/**
 * The text on an accent fill (primary buttons, the selected filter): white when it reaches
 * 4.5:1 on the accent, else near-black when that does, else black, which always does then
 * (white below 4.5:1 means the accent's luminance is above 0.183, so black is above 4.6:1).
 */
export function textOnAccent(accent: string): string {
  if (contrastRatio(WHITE, accent) >= AA_TEXT) return WHITE;
  return contrastRatio(NEAR_BLACK, accent) >= AA_TEXT ? NEAR_BLACK : BLACK;
}

/**
 * The accent as text (links, focus rings) on every one of `backgrounds`: the accent itself
 * when it reaches 4.5:1 on all of them (with a little margin, as the page's surfaces are
 * Tailwind colours rounded to sRGB here), else the accent moved step by step towards black
 * (light theme) or white (dark theme) until it does.
 */
export function accentAsText(accent: string, backgrounds: string[], towards: "black" | "white"): string {
  const target = towards === "black" ? BLACK : WHITE;
  for (let step = 0; step <= 20; step++) {
    const candidate = mix(accent, target, step / 20);
    if (backgrounds.every((background) => contrastRatio(candidate, background) >= AA_TEXT + 0.1)) return candidate;
  }
  return target;
}

/** The surfaces accent-coloured text sits on, per theme (app/globals.css: page, card, neutral fill). */
export const SURFACES = {
  light: ["#f8fafc", "#ffffff", "#f1f5f9"],
  dark: ["#020617", "#0f172a", "#1e293b"],
} as const;

/**
 * The CSS custom properties a page sets on its root for its appearance (app/globals.css
 * turns them into the theme's tokens): the accent fill, its hover (moved away from the text
 * on it, so the contrast only grows), the text on it, the accent as text for each theme,
 * and the corner radius.
 */
export function appearanceVariables(appearance: PageAppearance): Record<string, string> {
  const { accent } = appearance;
  const onAccent = textOnAccent(accent);
  return {
    "--sb-host-accent": accent,
    "--sb-host-accent-hover": onAccent === WHITE ? mix(accent, BLACK, 0.15) : mix(accent, WHITE, 0.2),
    "--sb-host-on-accent": onAccent,
    "--sb-host-link-light": accentAsText(accent, [...SURFACES.light], "black"),
    "--sb-host-link-dark": accentAsText(accent, [...SURFACES.dark], "white"),
    ...(appearance.radius === null ? {} : { "--sb-host-radius": `${appearance.radius}px` }),
  };
}
