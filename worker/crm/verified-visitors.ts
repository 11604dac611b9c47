/**
 * Visitors who proved who they are. A verification (link or host-site identity) links the
 * visitor to the contact and counts for later conversations for a while (30 days unless the
 * agent says otherwise); after that the link still lets `match_email` compare a typed address.
 * Also which conversations are proven to be their contact's, for the inbox and the GDPR export.
 */
import { eq, sql } from "drizzle-orm";
import { database } from "../db/client";
import { contacts, contactVerifications, visitors } from "../db/crm-schema";
import { conversations } from "../db/schema";

export const DEFAULT_VERIFIED_VISITOR_DAYS = 30;
const DAY_MS = 86_400_000;

/** Records that the visitor (and this conversation) belongs to the verified contact. */
export async function rememberVerifiedVisitor(
  env: Pick<Env, "DB">,
  input: { visitorId: string; contactId: string; conversationId: string; days: number },
  now = Date.now(),
): Promise<void> {
  const db = database(env);
  const verifiedUntil = now + input.days * DAY_MS;
  await db.batch([
    db
      .insert(visitors)
      .values({
        id: input.visitorId,
        contactId: input.contactId,
        verifiedContactId: input.contactId,
        verifiedUntil,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoUpdate({
        target: visitors.id,
        set: { contactId: input.contactId, verifiedContactId: input.contactId, verifiedUntil, updatedAt: now },
      }),
    db
      .update(conversations)
      .set({ contactId: input.contactId, updatedAt: now })
      .where(eq(conversations.id, input.conversationId)),
  ]);
}

export type VisitorIdentity = {
  /** The contact the visitor proved to be at some point, with its current address. */
  contact: { id: string; email: string } | null;
  /** Whether that proof still counts (within the verified period). */
  stillVerified: boolean;
};

export async function visitorIdentity(
  env: Pick<Env, "DB">,
  visitorId: string,
  now = Date.now(),
): Promise<VisitorIdentity> {
  const row = await database(env)
    .select({ id: contacts.id, email: contacts.email, verifiedUntil: visitors.verifiedUntil })
    .from(visitors)
    .innerJoin(contacts, eq(contacts.id, visitors.verifiedContactId))
    .where(eq(visitors.id, visitorId))
    .get();
  if (!row) return { contact: null, stillVerified: false };
  return {
    contact: { id: row.id, email: row.email },
    stillVerified: row.verifiedUntil !== null && row.verifiedUntil > now,
  };
}

/**
 * SQL: whether a conversation's contact is proven to be its visitor, not an address merely typed —
 * a verification link for that contact was opened from the conversation, or its visitor proved to be
 * that contact (link or host-site identity) with the proof still valid when the conversation began.
 */
export const contactProven = sql<number>`(${conversations.contactId} IS NOT NULL AND (
  EXISTS (SELECT 1 FROM ${contactVerifications}
    WHERE ${contactVerifications.conversationId} = ${conversations.id}
      AND ${contactVerifications.contactId} = ${conversations.contactId}
      AND ${contactVerifications.usedAt} IS NOT NULL)
  OR EXISTS (SELECT 1 FROM ${visitors}
    WHERE ${visitors.id} = ${conversations.visitorId}
      AND ${visitors.verifiedContactId} = ${conversations.contactId}
      AND ${visitors.verifiedUntil} > ${conversations.createdAt})))`;
