import { z } from "zod";
import { adminRoute, jsonError } from "@/lib/admin/http";
import { createApiKey } from "@/lib/api-keys";
import { parseWebhookUrl, setWebhook } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

const input = z.object({
  name: z.string(),
  allowedOrigins: z.array(z.string().max(300)).max(20).optional(),
  webhookUrl: z.string().max(2048).optional(),
});

export async function POST(request: Request) {
  const body = input.safeParse(await request.json().catch(() => null));
  if (!body.success) return jsonError("bad_request", "Give the key a name.");
  const webhook = body.data.webhookUrl?.trim() ? parseWebhookUrl(body.data.webhookUrl) : null;
  // Checked before the key exists, so a bad URL does not leave a key half set up.
  if (webhook && !webhook.ok) return jsonError("bad_request", `Webhook URL: ${webhook.message}`, { webhookUrl: [webhook.message] });
  return adminRoute(request, "admin", async (admin) => {
    const actor = { actorType: "ADMIN" as const, actorId: admin.email };
    const { key, apiKey } = await createApiKey(body.data.name, actor, body.data.allowedOrigins ?? []);
    const hook = webhook?.ok ? await setWebhook(apiKey.id, webhook.url, actor) : null;
    return { key, name: apiKey.name, prefix: apiKey.prefix, webhookSecret: hook?.secret ?? null };
  });
}
