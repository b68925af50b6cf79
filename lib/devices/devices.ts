import "server-only";
import { db } from "@/lib/db";
import { systemActor, type Actor } from "@/lib/events";
import type { Device, DeviceStatus, DeviceType, PoderoUserLink } from "@/lib/generated/prisma/client";
import { podero } from "@/lib/podero/client";
import type { PoderoDevice } from "@/lib/podero/schemas";
import { ProviderError } from "@/lib/providers/errors";
import { markPoderoUserGone, poderoUserIsGone } from "./users";
import { writeDeviceChanges } from "./writes";

// Reading a Podero user's devices (one list per offered type, soft-deleted ones included, so
// a deletion is seen) into Postgres, and the plain views the connect page and its routes get.

/** A device as the connect page shows it. */
export type DeviceView = {
  id: string;
  type: DeviceType;
  /** The type in words, as Podero names it ("Electric vehicle"). */
  typeName: string;
  manufacturer: string;
  model: string;
  status: DeviceStatus;
  /** Podero asks the user to act (sign in to the manufacturer again): the card offers Reconnect. */
  needsAction: boolean;
  connectedAt: string | null;
  lastCheckedAt: string | null;
};

export function toDeviceView(row: Device): DeviceView {
  return {
    id: row.id,
    type: row.type,
    typeName: row.typeName,
    manufacturer: row.manufacturer,
    model: row.model,
    status: row.status,
    needsAction: row.status === "NEEDS_ATTENTION",
    connectedAt: row.connectedAt?.toISOString() ?? null,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
  };
}

/**
 * Reads the link's devices of `types` from Podero and writes them (complete listings of
 * those types). A 404 that turns out to mean Podero lost the user marks the link gone and
 * its devices disconnected; returns null then. Other Podero errors are thrown.
 */
export async function refreshLinkDevices(link: PoderoUserLink, types: DeviceType[], actor: Actor = systemActor()): Promise<Device[] | null> {
  let lists: { type: DeviceType; devices: PoderoDevice[] }[];
  try {
    lists = await Promise.all(types.map(async (type) => ({ type, devices: await podero().listDevices(link.poderoUserId, type, { includeDeleted: true }) })));
  } catch (error) {
    if (ProviderError.is(error) && error.code === "not_found" && (await poderoUserIsGone(link))) {
      await markPoderoUserGone(link);
      return null;
    }
    throw error;
  }
  const rows = await writeDeviceChanges(
    [{ kind: "observed", linkId: link.id, remote: lists.flatMap((list) => list.devices.map((device) => ({ type: list.type, device }))), completeTypes: types }],
    actor,
  );
  await db().poderoUserLink.update({ where: { id: link.id }, data: { devicesReadAt: new Date() } });
  return rows;
}

/** The devices to show: of offered types, not retired, not deleted at Podero; by type, then when they were first seen. */
export function shownDevices(rows: Device[], types: DeviceType[]): Device[] {
  return rows
    .filter((row) => !row.retiredAt && row.status !== "DISCONNECTED" && types.includes(row.type))
    .sort((a, b) => types.indexOf(a.type) - types.indexOf(b.type) || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}
