"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button type="button" onClick={() => void signOut({ callbackUrl: "/admin/sign-in" })} className="ml-2 rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
      Sign out
    </button>
  );
}
