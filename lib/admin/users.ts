import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { recordEvent } from "@/lib/events";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hashPassword, verifyPassword } from "@/lib/passwords";
import { AppError, BrandedError } from "@/lib/errors";

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

// Failed sign-ins are counted from the audit trail: per email and per client address.
const WINDOW_MS = 15 * 60 * 1000;
const MAX_PER_EMAIL = 5;
const MAX_PER_IP = 20;

async function recentFailures(field: "email" | "ip", value: string): Promise<number> {
  return db().event.count({
    where: {
      type: "admin.sign_in",
      outcome: "failure",
      createdAt: { gte: new Date(Date.now() - WINDOW_MS) },
      data: { path: [field], equals: value },
    },
  });
}

/** A refused sign-in, with words for the sign-in page (or an SSO refusal code). */
/** Every sign-in, allowed or refused, in the audit trail (failures also count towards the limits). */
function signInEvent(outcome: "success" | "failure", message: string, data: Prisma.InputJsonValue, actorId: string | null = null): Promise<void> {
  return recordEvent({ type: "admin.sign_in", outcome, actorType: "ADMIN", actorId, message, data });
}

export class SignInError extends BrandedError {
  static override readonly brand = "SignInError";
}

/** Checks a password sign-in; throws SignInError with a message fit for the sign-in page. */
export async function signInWithPassword(input: { email: unknown; password: unknown }, ip: string): Promise<AdminIdentity> {
  const email = emailSchema.safeParse(input.email);
  const password = z.string().min(1).max(1024).safeParse(input.password);
  if (!email.success || !password.success) throw new SignInError("Enter your email and password.");
  if ((await recentFailures("email", email.data)) >= MAX_PER_EMAIL || (await recentFailures("ip", ip)) >= MAX_PER_IP) {
    await signInEvent("failure", "Sign-in refused: too many attempts", { email: email.data, ip, reason: "rate_limited" });
    throw new SignInError("Too many failed attempts. Wait 15 minutes and try again.");
  }
  const user = await db().adminUser.findUnique({ where: { email: email.data } });
  const valid = user ? await verifyPassword(password.data, user.passwordHash) : await verifyPassword(password.data, DUMMY_HASH);
  if (!user || !valid) {
    await signInEvent("failure", "Wrong email or password", { email: email.data, ip });
    throw new SignInError("Wrong email or password.");
  }
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
    throw new SignInError("sso_unverified");
  }
  let user = await db().adminUser.findUnique({ where: { email: email.data } });
  if (!user) {
    await signInEvent("failure", `Single sign-on for ${email.data}, who is not an admin`, { email: email.data, method: "sso", issuer: input.issuer });
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
