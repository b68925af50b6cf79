// The fixed lists Podero's onboarding knows (CYCLR.md, "Device onboarding"): languages, price
// zones, device types and, per type, the brands its page offers. The brands and models are the
// emulator's own sample (Podero's catalogue is not public).

export const LANGUAGES = ["sv", "de", "en", "hu", "it", "et", "pl", "ro"] as const;

/** Exactly CYCLR.md's list; its "e.g." implies more, but no source names them. */
export const PRICE_ZONES = ["AT", "BE", "CH", "DE_LU", "EE", "HU", "PT", "RO", "SE_1", "SE_2", "SE_3", "SE_4", "UK"] as const;

export type DeviceType = "ev" | "hp" | "iv" | "wb";

export type Brand = { slug: string; manufacturer: string; model: string };

export type DeviceKind = {
  type: DeviceType;
  /** `device_model.device_type.long_name` (inferred wording). */
  longName: string;
  /** The per-type list's path segment under a user (CYCLR.md names the segments). */
  segment: string;
  brands: Brand[];
};

export const DEVICE_KINDS: readonly DeviceKind[] = [
  {
    type: "ev",
    longName: "Electric vehicle",
    segment: "electric-vehicles",
    brands: [
      { slug: "tesla", manufacturer: "Tesla", model: "Model 3" },
      { slug: "volkswagen", manufacturer: "Volkswagen", model: "ID.4" },
      { slug: "bmw", manufacturer: "BMW", model: "i4" },
    ],
  },
  {
    type: "hp",
    longName: "Heat pump",
    segment: "heat-pumps",
    brands: [
      { slug: "daikin", manufacturer: "Daikin", model: "Altherma 3 H HT" },
      { slug: "vaillant", manufacturer: "Vaillant", model: "aroTHERM plus" },
    ],
  },
  {
    type: "iv",
    longName: "Inverter",
    segment: "inverters",
    brands: [
      { slug: "sma", manufacturer: "SMA", model: "Sunny Boy Storage 5.0" },
      { slug: "fronius", manufacturer: "Fronius", model: "Symo GEN24 Plus" },
    ],
  },
  {
    type: "wb",
    longName: "Wallbox",
    segment: "wallboxes",
    brands: [
      { slug: "easee", manufacturer: "Easee", model: "Home" },
      { slug: "wallbox", manufacturer: "Wallbox", model: "Pulsar Plus" },
    ],
  },
];

export const DEVICE_TYPES = DEVICE_KINDS.map((kind) => kind.type);

export const kindOf = (type: DeviceType): DeviceKind => DEVICE_KINDS.find((kind) => kind.type === type)!;

export const isDeviceType = (value: unknown): value is DeviceType => typeof value === "string" && (DEVICE_TYPES as string[]).includes(value);

export const brandOf = (type: DeviceType, slug: string): Brand | undefined => kindOf(type).brands.find((brand) => brand.slug === slug);
