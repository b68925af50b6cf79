import "server-only";
import { env, PODERO_LANGUAGES } from "@/lib/env";
import type { DeviceType } from "@/lib/generated/prisma/client";
import { poderoConfigured } from "@/lib/podero/client";

// What the partner offers end users through Podero (PODERO_DEVICE_TYPES, PODERO_PRICE_ZONE,
// PODERO_LANGUAGE), and the device types' names. With Podero not configured there is nothing:
// callers check `deviceSettings()` for null and show, send and sync no devices.

export type { DeviceType };

/** Each type's name, in Podero's order (CYCLR.md: ev, iv inverter/battery, wb wallbox, hp heat pump). */
export const DEVICE_TYPE_NAMES: Record<DeviceType, string> = {
  ev: "Electric vehicle",
  hp: "Heat pump",
  iv: "Battery inverter",
  wb: "Wallbox",
};

export const deviceTypes = Object.keys(DEVICE_TYPE_NAMES) as DeviceType[];

export type DeviceSettings = { types: DeviceType[]; priceZone: string; language: (typeof PODERO_LANGUAGES)[number] };

/** The partner's device choices, or null when Podero is not configured. */
export function deviceSettings(): DeviceSettings | null {
  if (!poderoConfigured()) return null;
  const settings = env();
  return { types: settings.PODERO_DEVICE_TYPES, priceZone: settings.PODERO_PRICE_ZONE, language: settings.PODERO_LANGUAGE };
}

/**
 * The language Podero's page should speak for a BCP 47 tag ("de-AT" → "de"): the tag's
 * language when Podero has it, else PODERO_LANGUAGE.
 */
export function poderoLanguage(locale: string | null | undefined, fallback: DeviceSettings["language"]): DeviceSettings["language"] {
  const language = locale?.split("-")[0]?.toLowerCase();
  return (PODERO_LANGUAGES as readonly string[]).includes(language ?? "") ? (language as DeviceSettings["language"]) : fallback;
}
