import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { roleSchema, signInWithPassword, SignInError, type AdminRole } from "@/lib/admin/users";
import { env } from "@/lib/env";

// next-auth for the partner-admin console (the connect pages never use it: their session
// token is their only credential). JWT sessions; the role travels in the token and is
// re-read from the database by lib/admin/guard.ts on every request that acts.

export type { AdminRole };

function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first || "unknown";
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/admin/sign-in", error: "/admin/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(input, request) {
          try {
            const user = await signInWithPassword({ email: input?.email, password: input?.password }, clientIp(request?.headers));
            return { id: user.id, email: user.email, role: user.role };
          } catch (error) {
            // next-auth passes an Error's message to the sign-in page as `error`.
            if (error instanceof SignInError) throw new Error(error.message);
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && "role" in user) token.role = roleSchema.parse(user.role);
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, role: token.role } };
      },
    },
  };
}
