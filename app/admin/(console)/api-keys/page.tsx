import type { Metadata } from "next";
import Link from "next/link";
import { CreateApiKeyForm, EditApiKey, RevokeApiKeyButton } from "@/components/admin/api-keys";
import { Table, TableBody, TableHead, Td, Th, ActionsTh } from "@/components/ui/table";
import { requireAdmin } from "@/lib/admin/guard";
import { listApiKeys } from "@/lib/api-keys";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const admin = await requireAdmin();
  const keys = await listApiKeys();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Host API keys</h1>
        <p className="text-sm text-slate-600">
          Your backend uses these to create connect links (POST /api/v1/connect-sessions). Each key lists the origins that may embed the widget, and may have a
          webhook URL that hears about connectors being connected, disconnected or failing (see{" "}
          <Link href="/admin/webhooks" className="underline">
            webhook deliveries
          </Link>
          ).
        </p>
      </div>
      {admin.role === "admin" && <CreateApiKeyForm />}
      <Table>
        <TableHead>
          {["Name", "Key", "Embedding origins", "Webhook", "Created", "Last used", "Status"].map((heading) => (
            <Th key={heading}>{heading}</Th>
          ))}
          {admin.role === "admin" && <ActionsTh />}
        </TableHead>
        <TableBody>
          {keys.map((key) => (
            <tr key={key.id}>
              <Td className="font-medium">{key.name}</Td>
              <Td className="font-mono text-xs">{key.prefix}…</Td>
              <Td className="font-mono text-xs">
                {key.allowedOrigins.length ? (
                  key.allowedOrigins.map((origin) => <div key={origin}>{origin}</div>)
                ) : (
                  <span className="font-sans text-slate-500">none</span>
                )}
              </Td>
              <Td className="max-w-64 font-mono text-xs [overflow-wrap:anywhere]">
                {key.webhookUrl ?? <span className="font-sans text-slate-500">none</span>}
              </Td>
              <Td className="text-slate-600">
                <LocalTime iso={key.createdAt.toISOString()} />
              </Td>
              <Td className="text-slate-600">{key.lastUsedAt ? <LocalTime iso={key.lastUsedAt.toISOString()} /> : "never"}</Td>
              <Td>{key.revokedAt ? <span className="text-red-700">revoked</span> : "active"}</Td>
              {admin.role === "admin" && (
                <Td className="text-right align-top">
                  {!key.revokedAt && (
                    <div className="flex items-start justify-end gap-2">
                      <EditApiKey id={key.id} name={key.name} origins={key.allowedOrigins} webhookUrl={key.webhookUrl} />
                      <RevokeApiKeyButton id={key.id} name={key.name} />
                    </div>
                  )}
                </Td>
              )}
            </tr>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
