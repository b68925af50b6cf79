import type { Metadata } from "next";
import { SignInForm, SsoButton } from "@/components/admin/sign-in-form";
import { ssoErrors } from "@/lib/admin/users";
import { oidcProvider } from "@/lib/auth";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

// next-auth's own error codes for a failed OAuth round trip, in words.
const oauthErrors: Record<string, string> = {
  OAuthSignin: "Single sign-on could not start. Try again, or sign in with your password.",
  OAuthCallback: "Single sign-on did not complete. Try again, or sign in with your password.",
  AccessDenied: "Single sign-on was refused.",
  Callback: "Single sign-on did not complete. Try again.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  // Only same-site paths: never bounce a signed-in admin to another origin.
  const target = callbackUrl && /^\/admin(\/[\w\-/]*)?(\?[^\s]*)?$/.test(callbackUrl) ? callbackUrl : "/admin";
  const sso = oidcProvider();
  // Only known codes are shown: the query string is not a place for arbitrary text.
  const message = error ? (ssoErrors[error] ?? oauthErrors[error] ?? null) : null;
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-6">
      <div className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Switchboard admin</h1>
        <p className="mt-1 text-sm text-slate-600">Sign in to see your accounts&apos; connectors.</p>
        {message && (
          <p role="alert" className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-800">
            {message}
          </p>
        )}
        {sso && <SsoButton name={sso.name} callbackUrl={target} />}
        <SignInForm callbackUrl={target} />
      </div>
    </main>
  );
}
