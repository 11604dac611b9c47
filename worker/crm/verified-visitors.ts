/**
 * Visitors who proved who they are, per agent. A verification (link or host-site identity) given
 * to one agent links the visitor to the contact for that agent only, and counts for its later
 * conversations while the reading agent's `verifiedVisitorDays` since the proof have not passed;
 * after that the link still lets `match_email` compare a typed address. Also which conversations
 * are proven to be their contact's, for the inbox and the GDPR export.
 */
import { and, eq, sql } from "drizzle-orm";
import { database } from "../db/client";
import { contacts, contactVerifications, visitors, visitorVerifications } from "../db/crm-schema";
import { agents, conversations } from "../db/schema";

export const DEFAULT_VERIFIED_VISITOR_DAYS = 30;
const DAY_MS = 86_400_000;

/** Records that the visitor proved to this agent (and in this conversation) to be the contact. */
export async function rememberVerifiedVisitor(
  env: Pick<Env, "DB">,
  input: { visitorId: string; agentId: string; contactId: string; conversationId: string },
  now = Date.now(),
): Promise<void> {
  const db = database(env);
  const proof = { contactId: input.contactId, verifiedAt: now };
  await db.batch([
    db
      .insert(visitors)
      .values({ id: input.visitorId, contactId: input.contactId, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: visitors.id, set: { contactId: input.contactId, updatedAt: now } }),
    db
      .insert(visitorVerifications)
      .values({ visitorId: input.visitorId, agentId: input.agentId, ...proof })
      .onConflictDoUpdate({ target: [visitorVerifications.visitorId, visitorVerifications.agentId], set: proof }),
    db
      .update(conversations)
      .set({ contactId: input.contactId, updatedAt: now })
      .where(eq(conversations.id, input.conversationId)),
  ]);
}

/** Ends the visitor's verification with this agent (the host page vouched for someone it could not prove). */
export async function forgetVerifiedVisitor(env: Pick<Env, "DB">, visitorId: string, agentId: string): Promise<void> {
  await database(env)
    .delete(visitorVerifications)
    .where(and(eq(visitorVerifications.visitorId, visitorId), eq(visitorVerifications.agentId, agentId)));
}

export type VisitorIdentity = {
  /** The contact the visitor proved to be to this agent at some point, with its current address. */
  contact: { id: string; email: string } | null;
  /** Whether that proof still counts: given less than the agent's `verifiedVisitorDays` ago. */
  stillVerified: boolean;
};

/** What the visitor proved to the reading agent, judged by that agent's verified period. */
export async function visitorIdentity(
  env: Pick<Env, "DB">,
  visitorId: string,
  agent: { id: string; verifiedVisitorDays: number },
  now = Date.now(),
): Promise<VisitorIdentity> {
  const row = await database(env)
    .select({ id: contacts.id, email: contacts.email, verifiedAt: visitorVerifications.verifiedAt })
    .from(visitorVerifications)
    .innerJoin(contacts, eq(contacts.id, visitorVerifications.contactId))
    .where(and(eq(visitorVerifications.visitorId, visitorId), eq(visitorVerifications.agentId, agent.id)))
    .get();
  if (!row) return { contact: null, stillVerified: false };
  return {
    contact: { id: row.id, email: row.email },
    stillVerified: row.verifiedAt + agent.verifiedVisitorDays * DAY_MS > now,
  };
}

/** SQL: the conversation's agent's verified period in milliseconds (its saved `crm.verifiedVisitorDays`, else the default). */
const conversationAgentPeriodMs = sql<number>`(SELECT COALESCE(json_extract(${agents.settings}, '$.crm.verifiedVisitorDays'), \
${DEFAULT_VERIFIED_VISITOR_DAYS}) * ${DAY_MS}
  FROM ${agents} WHERE ${agents.id} = ${conversations.agentId})`;

/**
 * SQL: whether a conversation's contact is proven to be its visitor, not an address merely typed —
 * a verification link for that contact was opened from the conversation, or its visitor proved to be
 * that contact to the conversation's agent (link or host-site identity), with the proof within that
 * agent's current verified period when the conversation began (or given during it).
 */
export const contactProven = sql<number>`(${conversations.contactId} IS NOT NULL AND (
  EXISTS (SELECT 1 FROM ${contactVerifications}
    WHERE ${contactVerifications.conversationId} = ${conversations.id}
      AND ${contactVerifications.contactId} = ${conversations.contactId}
      AND ${contactVerifications.usedAt} IS NOT NULL)
  OR EXISTS (SELECT 1 FROM ${visitorVerifications}
    WHERE ${visitorVerifications.visitorId} = ${conversations.visitorId}
      AND ${visitorVerifications.agentId} = ${conversations.agentId}
      AND ${visitorVerifications.contactId} = ${conversations.contactId}
      AND ${visitorVerifications.verifiedAt} + ${conversationAgentPeriodMs} > ${conversations.createdAt})))`;
