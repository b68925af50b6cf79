"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Single sign-on through the configured OpenID Connect issuer. */
export function SsoButton({ name, callbackUrl }: { name: string; callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  return (
    <>
      <Button
        disabled={pending}
        onClick={() => {
          setPending(true);
          void signIn("oidc", { callbackUrl });
        }}
        className="mt-6 w-full"
      >
        {pending ? "Redirecting…" : `Sign in with ${name}`}
      </Button>
      <p className="mt-4 text-center text-xs uppercase tracking-wide text-slate-500">or with your password</p>
    </>
  );
}

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { email: String(data.get("email") ?? ""), password: String(data.get("password") ?? ""), redirect: false });
    setPending(false);
    if (result?.ok && !result.error) window.location.assign(callbackUrl);
    else setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Wrong email or password.");
  }

  const input =
    "mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";
  const field = (name: string, label: string, type: string, autoComplete: string) => (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={name} name={name} type={type} autoComplete={autoComplete} required className={input} />
    </div>
  );
  return (
    <form
      className="mt-6 space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(event.currentTarget);
      }}
    >
      {field("email", "Email", "email", "username")}
      {field("password", "Password", "password", "current-password")}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
