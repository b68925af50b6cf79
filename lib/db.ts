import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// The one Prisma client, shared across hot reloads in development.
const globalForPrisma = globalThis as unknown as { switchboardPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaPg({ connectionString: env().DATABASE_URL, max: 10 });
  return new PrismaClient({ adapter });
}

export function db(): PrismaClient {
  globalForPrisma.switchboardPrisma ??= createClient();
  return globalForPrisma.switchboardPrisma;
}

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.switchboardPrisma?.$disconnect();
  globalForPrisma.switchboardPrisma = undefined;
}
