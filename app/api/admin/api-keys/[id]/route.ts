import { z } from "zod";
import { adminRoute, jsonError } from "@/lib/admin/http";
import { setApiKeyOrigins } from "@/lib/api-keys";
import { removeWebhook, setWebhook } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

const input = z.object({
  allowedOrigins: z.array(z.string().max(300)).max(20).optional(),
  /** A new URL (or the same one with rotateSecret) gets a new signing secret; "" or null removes the webhook. */
  webhookUrl: z.string().max(2048).nullable().optional(),
  rotateSecret: z.boolean().optional(),
});

/** Changes a key's embedding origins and webhook. The new signing secret is in the answer, once. */
export async function PATCH(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  if (!z.uuid().safeParse(id).success) return jsonError("not_found", "No such API key.");
  const body = input.safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError("bad_request", "Send allowedOrigins (a list of origins) and/or webhookUrl.");
  return adminRoute(request, "admin", async (admin) => {
    const actor = { actorType: "ADMIN" as const, actorId: admin.email };
    const { allowedOrigins, webhookUrl, rotateSecret } = body.data;
    const key = allowedOrigins ? await setApiKeyOrigins(id, allowedOrigins, actor) : null;
    let webhookSecret: string | null = null;
    if (webhookUrl !== undefined) {
      const wanted = webhookUrl?.trim() ?? "";
      if (!wanted) await removeWebhook(id, actor);
      else webhookSecret = (await setWebhook(id, wanted, actor, { keepSecret: !rotateSecret })).secret;
    }
    return { updated: true, allowedOrigins: key?.allowedOrigins, webhookSecret };
  });
}
