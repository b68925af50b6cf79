import { z } from "zod";

// Podero's answers as CYCLR.md describes them, checked before use; unknown fields are kept
// out (only what Switchboard reads is parsed). Fields CYCLR.md does not pin down are read
// leniently (absent or null), so either answer works.

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
  .object({
    id: z.string().min(1),
    authentication_url: z.url({ protocol: /^https?$/ }),
    expiration_date: z.string(),
    object_id: z.string().nullish(),
  })
  .transform((onboarding) => ({
    id: onboarding.id,
    authenticationUrl: onboarding.authentication_url,
    expiresAt: new Date(onboarding.expiration_date),
    /** The device Podero made (or restored) once the user finished; null until then. */
    objectId: onboarding.object_id ?? null,
  }));

export type PoderoOnboarding = z.infer<typeof poderoOnboarding>;

const text = z.string().nullish();
/** A name Podero may send as a string or as an object with a name. */
const named = z.union([z.string(), z.object({ name: z.string() }).transform((value) => value.name)]).nullish();

export const poderoDevice = z
  .object({
    id: z.string().min(1),
    is_authenticated: z.boolean(),
    lifecycle_state: text,
    lifecycle_error: text,
    connection_status: text,
    device_model: z
      .object({
        device_type: z.object({ short_name: z.string().nullish(), long_name: text }).nullish(),
        manufacturer: named,
        model: named,
      })
      .nullish(),
    action_needed: z.boolean().nullish(),
    actions: z.array(z.object({ code: z.string(), resolution_link: text })).nullish(),
    deleted_at: text,
  })
  .transform((device) => ({
    id: device.id,
    isAuthenticated: device.is_authenticated,
    lifecycleState: device.lifecycle_state ?? null,
    lifecycleError: device.lifecycle_error ?? null,
    connectionStatus: device.connection_status ?? null,
    typeShortName: device.device_model?.device_type?.short_name ?? null,
    typeName: device.device_model?.device_type?.long_name ?? null,
    manufacturer: device.device_model?.manufacturer ?? null,
    model: device.device_model?.model ?? null,
    actionNeeded: device.action_needed ?? false,
    actions: (device.actions ?? []).map((action) => action.code),
    deletedAt: device.deleted_at ? new Date(device.deleted_at) : null,
  }));

export type PoderoDevice = z.infer<typeof poderoDevice>;
