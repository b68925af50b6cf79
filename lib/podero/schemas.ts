import { z } from "zod";

// Podero's answers as CYCLR.md describes them, checked before use; unknown fields are kept
// out (only what Switchboard reads is parsed).

export const poderoToken = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  token_type: z.string().regex(/^bearer$/i),
  scope: z.string().optional(),
});

export const poderoTokenError = z.object({ error: z.string() });

export const poderoUser = z
  .object({ id: z.string().min(1), email: z.string(), role: z.string(), external_user_id: z.string().nullable().optional() })
  .transform((user) => ({ id: user.id, email: user.email, role: user.role, externalUserId: user.external_user_id ?? null }));

export type PoderoUser = z.infer<typeof poderoUser>;

export const poderoOnboarding = z
  .object({ id: z.string().min(1), authentication_url: z.url({ protocol: /^https?$/ }), expiration_date: z.string() })
  .transform((onboarding) => ({ id: onboarding.id, authenticationUrl: onboarding.authentication_url, expiresAt: new Date(onboarding.expiration_date) }));

export type PoderoOnboarding = z.infer<typeof poderoOnboarding>;
