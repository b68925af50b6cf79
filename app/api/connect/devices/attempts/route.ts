import { z } from "zod";
import { localeTag } from "@/lib/connect/sessions";
import { startDeviceConnect } from "@/lib/devices/attempts";
import { sessionRoute } from "@/lib/entry/connect";

export const dynamic = "force-dynamic";

const body = z.strictObject({
  type: z.enum(["ev", "hp", "iv", "wb"], "type is ev, hp, iv or wb").optional(),
  deviceId: z.uuid("deviceId is a device's id").optional(),
  mode: z.enum(["POPUP", "REDIRECT"], "mode is POPUP or REDIRECT").optional(),
  locale: localeTag.optional(),
});

// Connect a device (`type`) or reconnect one that needs attention (`deviceId`): 201 with
// Podero's page for the popup opened in the click (or, blocked, the tab) and the attempt to poll.
export const POST = sessionRoute({ body, status: 201 }, ({ session, body }) => startDeviceConnect(session, body));
