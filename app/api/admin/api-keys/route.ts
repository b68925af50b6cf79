import { z } from "zod";
import { createApiKey } from "@/lib/api-keys";
import { adminRoute } from "@/lib/entry/admin";
import { AppError } from "@/lib/errors";
import { checkWebhookUrl, setWebhook } from "@/lib/webhooks/endpoints";

export const dynamic = "force-dynamic";

const body = z.object({
  name: z.string(),
  allowedOrigins: z.array(z.string().max(300)).max(20).optional(),
  webhookUrl: z.string().max(2048).optional(),
});

export const POST = adminRoute({ role: "admin", body, invalid: "Give the key a name." }, async ({ actor, body }) => {
  const webhook = body.webhookUrl?.trim() ? await checkWebhookUrl(body.webhookUrl) : null;
  // Checked (form and address) before the key exists, so a bad URL does not leave a key half set up.
  if (webhook && !webhook.ok) throw new AppError("bad_request", `Webhook URL: ${webhook.message}`, { webhookUrl: [webhook.message] });
  const { key, apiKey } = await createApiKey(body.name, actor, body.allowedOrigins ?? []);
  const hook = webhook?.ok ? await setWebhook(apiKey.id, webhook.url, actor) : null;
  return { key, name: apiKey.name, prefix: apiKey.prefix, webhookSecret: hook?.secret ?? null };
});
