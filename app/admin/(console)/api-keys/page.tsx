import "server-only";
import type { Metadata } from "next";
import Link from "next/link";
import { CreateApiKeyForm, EditApiKey, RevokeApiKeyButton } from "@/components/admin/api-keys";
import { requireAdmin } from "@/lib/admin/guard";
import { listApiKeys } from "@/lib/api-keys";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const admin = await requireAdmin();
  const keys = await listApiKeys();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Host API keys</h1>
        <p className="text-sm text-slate-600">
          Your backend uses these to create connect links (POST /api/v1/connect-sessions). Each key lists the origins that may embed the widget,
          and may have a webhook URL that hears about connectors being connected, disconnected or failing (see <Link href="/admin/webhooks" className="underline">webhook deliveries</Link>).
        </p>
      </div>
      {admin.role === "admin" && <CreateApiKeyForm />}
      <div className="rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Name</th>
              <th scope="col" className="px-4 py-2 font-medium">Key</th>
              <th scope="col" className="px-4 py-2 font-medium">Embedding origins</th>
              <th scope="col" className="px-4 py-2 font-medium">Webhook</th>
              <th scope="col" className="px-4 py-2 font-medium">Created</th>
              <th scope="col" className="px-4 py-2 font-medium">Last used</th>
              <th scope="col" className="px-4 py-2 font-medium">Status</th>
              {admin.role === "admin" && <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.map((key) => (
              <tr key={key.id}>
                <td className="px-4 py-2 font-medium">{key.name}</td>
                <td className="px-4 py-2 font-mono text-xs">{key.prefix}…</td>
                <td className="px-4 py-2 font-mono text-xs">{key.allowedOrigins.length ? key.allowedOrigins.map((origin) => <div key={origin}>{origin}</div>) : <span className="font-sans text-slate-500">none</span>}</td>
                <td className="max-w-64 px-4 py-2 font-mono text-xs [overflow-wrap:anywhere]">{key.webhookUrl ?? <span className="font-sans text-slate-500">none</span>}</td>
                <td className="px-4 py-2 text-slate-600">{key.createdAt.toLocaleString()}</td>
                <td className="px-4 py-2 text-slate-600">{key.lastUsedAt ? key.lastUsedAt.toLocaleString() : "never"}</td>
                <td className="px-4 py-2">{key.revokedAt ? <span className="text-red-700">revoked</span> : "active"}</td>
                {admin.role === "admin" && (
                  <td className="px-4 py-2 text-right align-top">
                    {!key.revokedAt && (
                      <div className="flex items-start justify-end gap-2">
                        <EditApiKey id={key.id} name={key.name} origins={key.allowedOrigins} webhookUrl={key.webhookUrl} />
                        <RevokeApiKeyButton id={key.id} name={key.name} />
                      </div>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
