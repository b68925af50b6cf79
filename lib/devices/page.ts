import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { ProviderError } from "@/lib/providers/errors";
import type { ActiveSession } from "@/lib/connect/sessions";
import { refreshLinkDevices, shownDevices, toDeviceView, type DeviceView } from "./devices";
import { DEVICE_TYPE_NAMES, deviceSettings, type DeviceType } from "./settings";
import { findPoderoUser, NEEDS_EMAIL } from "./users";

// The connect page's Devices section, as plain data: the types the partner offers (one
// "Connect a …" card each) and the devices the session's user already has at Podero.

export type DevicesSection = {
  /** One card per offered type, in the partner's order. */
  offeredTypes: { type: DeviceType; name: string }[];
  /** The user's devices at Podero (of offered types, not deleted), by type. */
  devices: DeviceView[];
  /** The host gave no email and the user has no Podero user yet: the cards say so (`needsEmailMessage`) instead of offering Connect. */
  needsEmail: boolean;
  needsEmailMessage: string | null;
  /** Podero could not be reached to refresh the devices: they are as last known. */
  warning: string | null;
};

/**
 * The Devices section for a session, or null when Podero is not configured. Podero is asked
 * for the user's devices only when they were read more than CONNECT_REFRESH_SECONDS ago, and
 * only for a user already linked (a page view never makes a Podero user).
 */
export async function loadDevices(session: ActiveSession): Promise<DevicesSection | null> {
  const settings = deviceSettings();
  if (!settings) return null;
  const offeredTypes = settings.types.map((type) => ({ type, name: DEVICE_TYPE_NAMES[type] }));
  const needsEmail = !session.user?.email;
  let link = await findPoderoUser(session);
  if (!link) return { offeredTypes, devices: [], needsEmail, needsEmailMessage: needsEmail ? NEEDS_EMAIL : null, warning: null };
  let warning: string | null = null;
  const staleMs = env().CONNECT_REFRESH_SECONDS * 1000;
  if (!link.devicesReadAt || Date.now() - link.devicesReadAt.getTime() >= staleMs) {
    try {
      if ((await refreshLinkDevices(link, settings.types)) === null) link = null;
    } catch (error) {
      if (!ProviderError.is(error)) throw error;
      log.warn({ ...errorFields(error), accountId: session.account.id }, "could not refresh a user's devices from Podero");
      warning = `Podero could not be reached, so the devices' statuses may be out of date. ${error.message}`;
    }
  }
  if (!link) return { offeredTypes, devices: [], needsEmail, needsEmailMessage: needsEmail ? NEEDS_EMAIL : null, warning };
  const rows = await db().device.findMany({ where: { linkId: link.id } });
  return { offeredTypes, devices: shownDevices(rows, settings.types).map(toDeviceView), needsEmail: false, needsEmailMessage: null, warning };
}
