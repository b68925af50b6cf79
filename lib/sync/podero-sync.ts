import "server-only";
import { db } from "@/lib/db";
import { expireDeviceAttempts } from "@/lib/devices/attempts";
import { refreshLinkDevices } from "@/lib/devices/devices";
import { deviceSettings } from "@/lib/devices/settings";
import type { Actor } from "@/lib/events";
import { ProviderError } from "@/lib/providers/errors";

// The scheduled sync's Podero part (Podero sends no webhooks): every linked Podero user's
// devices, one list per offered type with the deleted ones, a few users at a time. A device
// that lapsed becomes Needs attention, one deleted at Podero Disconnected (each with its
// event and webhook, lib/devices/writes.ts); a user Podero could not be read for is left as
// it was. Pending device attempts whose Podero page expired are closed too.

const CONCURRENCY = 4;
const PAGE = 500;

export type DeviceSyncResult = { users: number; devices: number; failed: { linkId: string; message: string }[]; gone: number; expiredAttempts: number };

/** Null when Podero is not configured (nothing is read or written). */
export async function syncPoderoDevices(actor: Actor): Promise<DeviceSyncResult | null> {
  const settings = deviceSettings();
  if (!settings) return null;
  const result: DeviceSyncResult = { users: 0, devices: 0, failed: [], gone: 0, expiredAttempts: await expireDeviceAttempts() };
  for (let cursor: string | undefined; ;) {
    const links = await db().poderoUserLink.findMany({
      where: { goneAt: null },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, links.length) }, async () => {
        while (next < links.length) {
          const link = links[next++]!;
          try {
            const rows = await refreshLinkDevices(link, settings.types, actor);
            if (rows === null) result.gone++;
            else {
              result.users++;
              result.devices += rows.filter((row) => !row.retiredAt).length;
            }
          } catch (error) {
            if (!ProviderError.is(error)) throw error;
            result.failed.push({ linkId: link.id, message: error.message });
          }
        }
      }),
    );
    if (links.length < PAGE) break;
    cursor = links.at(-1)!.id;
  }
  return result;
}
