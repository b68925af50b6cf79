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
