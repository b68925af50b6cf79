import Link from "next/link";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/admin/sign-out-button";
import { QueryProvider } from "@/components/query-provider";
import { currentAdmin } from "@/lib/admin/guard";

export const dynamic = "force-dynamic";

const sections = [
  ["/admin", "Overview"],
  ["/admin/accounts", "Accounts"],
  ["/admin/connectors", "Connectors"],
  ["/admin/catalogue", "Catalogue"],
  ["/admin/events", "Audit trail"],
  ["/admin/api-keys", "API keys"],
  ["/admin/webhooks", "Webhooks"],
] as const;

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const admin = await currentAdmin();
  if (!admin) redirect("/admin/sign-in");
  const link = "rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100";
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Admin" className="mx-auto flex max-w-6xl flex-wrap items-center gap-1 px-4 py-3">
          <span className="mr-4 font-semibold">Switchboard</span>
          {sections.map(([href, name]) => (
            <Link key={href} href={href} className={link}>
              {name}
            </Link>
          ))}
          <span className="ml-auto text-sm text-slate-600">
            {admin.email} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{admin.role}</span>
          </span>
          <SignOutButton />
        </nav>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">
        <QueryProvider>{children}</QueryProvider>
      </main>
    </div>
  );
}
