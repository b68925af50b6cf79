import { z } from "zod";
import { setOffered } from "@/lib/catalogue";
import { adminRoute } from "@/lib/entry/admin";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.uuid(), action: z.enum(["offer", "unoffer"]) });

/** Offers a catalogue connector to end users, or stops offering it (a Draft one is refused with the reason). */
export const POST = adminRoute({ role: "admin", params, notFound: "No such connector in the catalogue." }, async ({ actor, params: { id, action } }) => {
  const [connector] = await setOffered([id], action === "offer", actor);
  return { connector };
});
