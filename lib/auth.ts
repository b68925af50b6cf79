import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { verifyPassword } from "@/lib/passwords";

// next-auth for the partner-admin console (the connect pages never use it: their session
// token is their only credential). JWT sessions; the role travels in the token.

const credentials = z.object({ email: z.email().max(254), password: z.string().min(1).max(1024) });

export type AdminRole = "admin" | "viewer";

export function authOptions(): NextAuthOptions {
  return {
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/admin/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(input) {
          const parsed = credentials.safeParse(input);
          if (!parsed.success) return null;
          const user = await db().adminUser.findUnique({ where: { email: parsed.data.email.toLowerCase() } });
          if (!user || !(await verifyPassword(parsed.data.password, user.passwordHash))) return null;
          return { id: user.id, email: user.email, role: user.role };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user && "role" in user) token.role = user.role as AdminRole;
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, role: token.role } };
      },
    },
  };
}
