import { NOT_OFFERED } from "@/lib/devices/attempts";
import { loadDevices } from "@/lib/devices/page";
import { sessionRoute } from "@/lib/entry/connect";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

// The connect page's Devices section (offered types, the user's devices at Podero); 404 when
// Podero is not configured. The widget reads it again while a device is connected in another tab.
export const GET = sessionRoute({}, async ({ session }) => {
  const section = await loadDevices(session);
  if (!section) throw new AppError("not_found", NOT_OFFERED);
  return section;
});
