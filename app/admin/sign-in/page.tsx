import type { Metadata } from "next";
import { SignInForm } from "@/components/admin/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only same-site paths: never bounce a signed-in admin to another origin.
  const target = callbackUrl && /^\/admin(\/[\w\-/]*)?(\?[^\s]*)?$/.test(callbackUrl) ? callbackUrl : "/admin";
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      <div className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Switchboard admin</h1>
        <p className="mt-1 text-sm text-slate-600">Sign in to see your accounts&apos; connectors.</p>
        <SignInForm callbackUrl={target} />
      </div>
    </main>
  );
}
