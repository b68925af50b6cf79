import { z } from "zod";
import { setApiKeyOrigins } from "@/lib/api-keys";
import { adminRoute } from "@/lib/entry/admin";
import { removeWebhook, setWebhook } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

const body = z.object({
  allowedOrigins: z.array(z.string().max(300)).max(20).optional(),
  /** A new URL (or the same one with rotateSecret) gets a new signing secret; "" or null removes the webhook. */
  webhookUrl: z.string().max(2048).nullable().optional(),
  rotateSecret: z.boolean().optional(),
});

/** Changes a key's embedding origins and webhook. The new signing secret is in the answer, once. */
export const PATCH = adminRoute(
  {
    role: "admin",
    params: z.object({ id: z.uuid() }),
    notFound: "No such API key.",
    body,
    invalid: "Send allowedOrigins (a list of origins) and/or webhookUrl.",
  },
  async ({ actor, params: { id }, body: { allowedOrigins, webhookUrl, rotateSecret } }) => {
    const key = allowedOrigins ? await setApiKeyOrigins(id, allowedOrigins, actor) : null;
    let webhookSecret: string | null = null;
    if (webhookUrl !== undefined) {
      const wanted = webhookUrl?.trim() ?? "";
      if (!wanted) await removeWebhook(id, actor);
      else webhookSecret = (await setWebhook(id, wanted, actor, { keepSecret: !rotateSecret })).secret;
    }
    return { updated: true, allowedOrigins: key?.allowedOrigins, webhookSecret };
  },
);
