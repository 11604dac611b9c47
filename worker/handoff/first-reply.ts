/**
 * When a person first answered after a handoff: the analytics' "time to a person's first reply".
 * Set once, on the conversation's latest handoff, by the first staff message after it.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { handoffs } from "../db/schema";

export async function recordFirstReply(db: Db, conversationId: string, at: number): Promise<void> {
  const latest = await db
    .select({ id: handoffs.id, firstReplyAt: handoffs.firstReplyAt })
    .from(handoffs)
    .where(eq(handoffs.conversationId, conversationId))
    .orderBy(desc(handoffs.createdAt))
    .limit(1)
    .get();
  if (!latest || latest.firstReplyAt !== null) return;
  await db
    .update(handoffs)
    .set({ firstReplyAt: at })
    .where(and(eq(handoffs.id, latest.id), isNull(handoffs.firstReplyAt)));
}
