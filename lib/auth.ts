import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { adminByEmail, roleSchema, signInWithPassword, signInWithSso, SignInError, type AdminRole } from "@/lib/admin/users";
import { clientIp } from "@/lib/client-ip";
import { env } from "@/lib/env";

// next-auth for the partner-admin console (the connect pages never use it: their session
// token is their only credential). JWT sessions; the role travels in the token and is
// re-read from the database by lib/admin/guard.ts on every request that acts.

export type { AdminRole };

type OidcProfile = { sub: string; email?: string; email_verified?: boolean; name?: string };

export const OIDC_PROVIDER_ID = "oidc";

/** Single sign-on through any OpenID Connect issuer, when AUTH_OIDC_* are set. */
export function oidcProvider(): OAuthConfig<OidcProfile> | null {
  const settings = env();
  if (!settings.AUTH_OIDC_ISSUER || !settings.AUTH_OIDC_CLIENT_ID || !settings.AUTH_OIDC_CLIENT_SECRET) return null;
  const issuer = settings.AUTH_OIDC_ISSUER.replace(/\/$/, "");
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.AUTH_OIDC_NAME,
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: settings.AUTH_OIDC_CLIENT_ID,
    clientSecret: settings.AUTH_OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    profile: (profile) => ({ id: profile.sub, email: profile.email ?? null, name: profile.name ?? null }),
  };
}

export function authOptions(): NextAuthOptions {
  const sso = oidcProvider();
  return {
    secret: env().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/admin/sign-in", error: "/admin/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(input, request) {
          // request.headers: a plain object next-auth made from headers(), the peer address included (lib/client-ip.ts).
          try {
            const user = await signInWithPassword({ email: input?.email, password: input?.password }, clientIp(request?.headers ?? {}));
            return { id: user.id, email: user.email, role: user.role };
          } catch (error) {
            // next-auth passes an Error's message to the sign-in page as `error`.
            if (SignInError.is(error)) throw new Error(error.message);
            throw error;
          }
        },
      }),
      ...(sso ? [sso] : []),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        try {
          const claims = profile as OidcProfile | undefined;
          await signInWithSso({ email: claims?.email, emailVerified: claims?.email_verified, subject: claims?.sub, issuer: env().AUTH_OIDC_ISSUER ?? "" });
          return true;
        } catch (error) {
          if (SignInError.is(error)) return `/admin/sign-in?error=${encodeURIComponent(error.message)}`;
          throw error;
        }
      },
      async jwt({ token, user, account }) {
        if (account?.provider === OIDC_PROVIDER_ID) {
          // The session is the AdminUser's, not the issuer's subject (guard.ts reads it by id).
          const admin = await adminByEmail(token.email);
          token.sub = admin.id;
          token.role = admin.role;
        } else if (user && "role" in user) {
          token.role = roleSchema.parse(user.role);
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, role: token.role } };
      },
    },
  };
}
