import { z } from "zod";
import { accountDeviceRows } from "@/lib/devices/queries";
import { deviceSettings } from "@/lib/devices/settings";
import { adminRoute } from "@/lib/entry/admin";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const query = z.object({ account: z.uuid() });

// Polled by an account page's Devices table; 404 when Podero is not configured.
export const GET = adminRoute({ role: "viewer", query }, async ({ query: { account } }) => {
  if (!deviceSettings()) throw new AppError("not_found", "Podero is not configured.");
  return accountDeviceRows(account);
});
