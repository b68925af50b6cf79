import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

// What Switchboard calls a device in its own words (audit events, webhooks' messages, the
// console): manufacturer and model, else the type's name. The connect page says the same in
// the end user's language (components/connect/use-device-connect.ts: makeAndModel).

export function deviceName(device: { manufacturer: string; model: string; typeName: string }): string {
  return [device.manufacturer, device.model].filter(Boolean).join(" ") || device.typeName;
}

/** deviceName in SQL, over the "Device" table aliased `alias` (for lists ordered or searched by it). */
export function deviceNameSql(alias: string): Prisma.Sql {
  const column = (name: string) => Prisma.raw(`"${alias}"."${name}"`);
  return Prisma.sql`COALESCE(NULLIF(concat_ws(' ', NULLIF(${column("manufacturer")}, ''), NULLIF(${column("model")}, '')), ''), ${column("typeName")})`;
}
