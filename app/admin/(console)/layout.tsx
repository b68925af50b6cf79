import { redirect } from "next/navigation";
import { ConsoleNav } from "@/components/admin/console-nav";
import { SignOutButton } from "@/components/admin/sign-out-button";
import { QueryProvider } from "@/components/query-provider";
import { currentAdmin } from "@/lib/admin/guard";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const admin = await currentAdmin();
  if (!admin) redirect("/admin/sign-in");
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Admin" className="mx-auto flex max-w-6xl flex-wrap items-center gap-1 px-4 py-3">
          <span className="mr-4 font-semibold">Switchboard</span>
          <ConsoleNav />
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
