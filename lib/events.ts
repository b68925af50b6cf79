import { db } from "@/lib/db";
import type { ActorType, Prisma } from "@/lib/generated/prisma/client";

// The audit trail: one row per thing that happened, written next to the change it describes.

export type EventInput = {
  type: string;
  outcome: "success" | "failure" | "info";
  actorType: ActorType;
  actorId?: string | null;
  accountId?: string | null;
  accountConnectorId?: string | null;
  attemptId?: string | null;
  message?: string | null;
  data?: Prisma.InputJsonValue;
};

export async function recordEvent(input: EventInput, tx: Prisma.TransactionClient = db()): Promise<void> {
  await tx.event.create({
    data: {
      type: input.type,
      outcome: input.outcome,
      actorType: input.actorType,
      actorId: input.actorId ?? null,
      accountId: input.accountId ?? null,
      accountConnectorId: input.accountConnectorId ?? null,
      attemptId: input.attemptId ?? null,
      message: input.message ?? null,
      data: input.data,
    },
  });
}
