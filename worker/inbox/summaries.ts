/**
 * Conversation rows as the inbox lists them: with the assigned person's name, the contact's email,
 * whether that email is proven to be the visitor's (verified) or merely typed, and the channel the
 * conversation came by with the visitor's address there, and its lead label when the goal set one.
 */
import { desc, eq, type SQL } from "drizzle-orm";
import type { ConversationSummary } from "../protocol/inbox-events";
import type { Db } from "../db/client";
import { contacts } from "../db/crm-schema";
import { conversations } from "../db/schema";
import { staff } from "../db/people-schema";
import { contactProven } from "../crm/verified-visitors";

export async function conversationSummaries(
  db: Db,
  where: SQL | undefined,
  limit: number,
): Promise<ConversationSummary[]> {
  const rows = await db
    .select({
      id: conversations.id,
      agentId: conversations.agentId,
      status: conversations.status,
      assignedStaffId: conversations.assignedStaffId,
      assignedStaffName: staff.name,
      handoffReason: conversations.handoffReason,
      contactEmail: contacts.email,
      emailVerified: contactProven,
      lastMessage: conversations.lastMessage,
      channel: conversations.channel,
      channelAddress: conversations.channelAddress,
      leadLabel: conversations.leadLabel,
      updatedAt: conversations.updatedAt,
      createdAt: conversations.createdAt,
    })
    .from(conversations)
    .leftJoin(staff, eq(staff.id, conversations.assignedStaffId))
    .leftJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(where)
    .orderBy(desc(conversations.updatedAt))
    .limit(limit)
    .all();
  return rows.map((row) => ({ ...row, emailVerified: Boolean(row.emailVerified) }));
}
