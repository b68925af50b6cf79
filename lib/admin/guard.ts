import "server-only";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { roleSchema, type AdminIdentity, type AdminRole } from "./users";

// The authorization check every admin page, route and action calls itself (proxy.ts only
// redirects signed-out browsers). The role is read from the database, so a demoted or
// deleted admin loses access at once, whatever their session cookie says.
export async function currentAdmin(): Promise<AdminIdentity | null> {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await db().adminUser.findUnique({ where: { id } });
  if (!user) return null;
  return { id: user.id, email: user.email, role: roleSchema.parse(user.role) };
}

export async function requireAdmin(role: AdminRole = "viewer"): Promise<AdminIdentity> {
  const admin = await currentAdmin();
  if (!admin) throw new AppError("unauthorized", "Sign in to continue.");
  if (role === "admin" && admin.role !== "admin") throw new AppError("forbidden", "Your role is read-only: ask an admin to do this.");
  return admin;
}
