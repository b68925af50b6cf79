import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hashPassword, verifyPassword } from "@/lib/passwords";
import { AppError, BrandedError } from "@/lib/errors";
import { addressKey } from "@/lib/client-ip";
import { refusals } from "@/lib/metrics";
import { atMost } from "@/lib/queue";
import { consume, rateLimits, type LimitName } from "@/lib/rate-limit";

export type AdminRole = "admin" | "viewer";
export type AdminIdentity = { id: string; email: string; role: AdminRole };

export const roleSchema = z.enum(["admin", "viewer"]);
const emailSchema = z
  .email("Enter a valid email address")
  .max(254)
  .transform((value) => value.toLowerCase());

export async function createAdminUser(email: string, password: string, role: AdminRole): Promise<AdminIdentity> {
  const parsedEmail = emailSchema.safeParse(email);
  if (!parsedEmail.success) throw new AppError("bad_request", "Enter a valid email address.");
  if (password.length < 12) throw new AppError("bad_request", "Use a password of at least 12 characters.");
  if (password.length > 1024) throw new AppError("bad_request", "That password is too long.");
  const passwordHash = await hashPassword(password);
  const user = await db().adminUser.upsert({
    where: { email: parsedEmail.data },
    create: { email: parsedEmail.data, passwordHash, role },
    // Saving an admin again also unlinks its single sign-on identity (the next one links anew).
    update: { passwordHash, role, ssoIssuer: null, ssoSubject: null },
  });
  await recordEvent({ type: "admin.user_saved", outcome: "success", actorType: "SYSTEM", message: `Admin user ${user.email} saved with role ${role}` });
  return { id: user.id, email: user.email, role: roleSchema.parse(user.role) };
}

/** Every successful sign-in (and the SSO refusals that matter) in the audit trail; wrong passwords and limits only in the refusals metric. */
function signInEvent(outcome: "success" | "failure", message: string, data: Prisma.InputJsonValue, actorId: string | null = null): Promise<void> {
  return recordEvent({ type: "admin.sign_in", outcome, actorType: "ADMIN", actorId, message, data });
}

export class SignInError extends BrandedError {
  static override readonly brand = "SignInError";
}

// Password checks (scrypt: ~32 MiB and tens of milliseconds each) running at once in this
// process; the rest wait, so a burst of sign-ins cannot exhaust memory or the thread pool.
const SCRYPT_AT_ONCE = 2;
const passwordCheck = atMost(SCRYPT_AT_ONCE);

/**
 * Checks a password sign-in; throws SignInError with a message fit for the sign-in page.
 * The attempt is counted (per email and per client address, RATE_LIMIT_SIGN_IN per 15
 * minutes, atomically in PostgreSQL) before the password is checked, so concurrent guesses
 * cannot all get through; a correct password gives its count back, so only failures add up.
 */
export async function signInWithPassword(input: { email: unknown; password: unknown }, ip: string): Promise<AdminIdentity> {
  const email = emailSchema.safeParse(input.email);
  const password = z.string().min(1).max(1024).safeParse(input.password);
  if (!email.success || !password.success) throw new SignInError("Enter your email and password.");
  const counted: [LimitName, string][] = [
    ["sign_in_email", email.data],
    ["sign_in_ip", addressKey(ip)],
  ];
  const verdict = await consume(...counted);
  if (!verdict.allowed) {
    throw new SignInError(`Too many sign-in attempts. Try again in ${Math.ceil(verdict.retryAfter / 60)} minute${verdict.retryAfter > 60 ? "s" : ""}.`);
  }
  const user = await db().adminUser.findUnique({ where: { email: email.data } });
  const valid = await passwordCheck(() => verifyPassword(password.data, user?.passwordHash ?? DUMMY_HASH));
  if (!user || !valid) {
    refusals.inc({ reason: "sign_in_failed", edge: "sign_in" });
    throw new SignInError("Wrong email or password.");
  }
  await Promise.all(counted.map(([name, key]) => rateLimits().refund(name, key)));
  await signInEvent("success", `${user.email} signed in`, { email: user.email, ip }, user.email);
  return { id: user.id, email: user.email, role: roleSchema.parse(user.role) };
}

// Verifying against a fixed hash when the user does not exist keeps timing the same.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** What the sign-in page says for each single sign-on refusal (the error code travels in its URL). */
export const ssoErrors: Record<string, string> = {
  sso_unverified: "Your identity provider did not give a verified email address.",
  sso_no_access: "Your single sign-on account has no access to the admin console. Ask an admin to add your email.",
  sso_other_subject: "This single sign-on identity is not the one linked to this admin. Ask an admin to save your admin user again.",
};

/**
 * Single sign-on: the issuer vouches for the email (only `email_verified: true` counts);
 * access and role still come from the AdminUser with that email (created with the CLI), so
 * SSO alone grants nothing.
 */
export async function signInWithSso(input: { email: unknown; emailVerified: unknown; subject: unknown; issuer: string }): Promise<AdminIdentity> {
  const email = emailSchema.safeParse(input.email);
  const subject = z.string().min(1).max(255).safeParse(input.subject);
  if (!email.success || input.emailVerified !== true || !subject.success) {
    await signInEvent("failure", "Single sign-on without a verified email", { method: "sso", issuer: input.issuer });
    refusals.inc({ reason: "sso_unverified", edge: "sign_in" });
    throw new SignInError("sso_unverified");
  }
  let user = await db().adminUser.findUnique({ where: { email: email.data } });
  if (!user) {
    await signInEvent("failure", `Single sign-on for ${email.data}, who is not an admin`, { email: email.data, method: "sso", issuer: input.issuer });
    refusals.inc({ reason: "sso_no_access", edge: "sign_in" });
    throw new SignInError("sso_no_access");
  }
  if (user.ssoSubject === null) {
    // The first SSO sign-in links this identity (once, whatever races: only an unlinked row is written).
    await db().adminUser.updateMany({ where: { id: user.id, ssoSubject: null }, data: { ssoIssuer: input.issuer, ssoSubject: subject.data } });
    user = await db().adminUser.findUniqueOrThrow({ where: { id: user.id } });
  }
  if (user.ssoIssuer !== input.issuer || user.ssoSubject !== subject.data) {
    await signInEvent("failure", `Single sign-on for ${user.email} from an identity other than the one linked to it`, {
      email: user.email,
      method: "sso",
      issuer: input.issuer,
      reason: "other_subject",
    });
    refusals.inc({ reason: "sso_other_subject", edge: "sign_in" });
    throw new SignInError("sso_other_subject");
  }
  await signInEvent("success", `${user.email} signed in with single sign-on`, { email: user.email, method: "sso", issuer: input.issuer }, user.email);
  return { id: user.id, email: user.email, role: roleSchema.parse(user.role) };
}

/** The admin with this email (for a session that single sign-on has already let in). */
export async function adminByEmail(email: unknown): Promise<AdminIdentity> {
  const parsed = emailSchema.safeParse(email);
  const user = parsed.success ? await db().adminUser.findUnique({ where: { email: parsed.data } }) : null;
  if (!user) throw new SignInError("This account has no access to the admin console.");
  return { id: user.id, email: user.email, role: roleSchema.parse(user.role) };
}
