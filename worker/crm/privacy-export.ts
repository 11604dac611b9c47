/**
 * The GDPR export of a contact: everything Frontdesk holds about them — the contact and its
 * values, the change history, the verification links sent (never their token hashes), the
 * visitors linked, and each conversation proven to be theirs (a verification link opened in it, or
 * a visitor verified as them) with its handoffs, knowledge gaps, lead answers, credit charge and full transcript
 * from the conversation's Durable Object. Conversations linked otherwise — by an address merely
 * typed, or a visitor who typed it — may be someone else's: they are listed (id, agent, dates, why
 * linked) without their contents.
 */
import { and, asc, eq, inArray, or } from "drizzle-orm";
import { database } from "../db/client";
import { contactVerifications, visitors, visitorVerifications } from "../db/crm-schema";
import { knowledgeGaps } from "../db/analytics-schema";
import { leadAnswers } from "../db/lead-schema";
import { conversations, creditCharges, handoffs } from "../db/schema";
import type { LoggedEvent } from "../protocol/events";
import { contactHistory, getContact } from "./contact-directory";
import { contactLinks, verifiedVisitorIds, type LinkReason } from "./contact-links";
import { contactProven } from "./verified-visitors";

const ALL_HISTORY = 1_000_000; // an export holds every change
const ID_CHUNK = 90; // ids per query: D1 binds at most 100 parameters per statement

/** The ids among `ids` of conversations proven to be the contact's. */
async function provenConversations(env: Env, contactId: string, ids: readonly string[]): Promise<Set<string>> {
  const proven = new Set<string>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const rows = await database(env)
      .select({ id: conversations.id })
      .from(conversations)
      .where(
        and(
          inArray(conversations.id, ids.slice(i, i + ID_CHUNK)),
          eq(conversations.contactId, contactId),
          eq(contactProven, 1),
        ),
      );
    for (const row of rows) proven.add(row.id);
  }
  return proven;
}

/** A conversation that may not be the contact's: what identifies it and why it is linked, not what was said. */
async function listedConversation(env: Env, id: string, linkedBy: LinkReason[]) {
  const row = await database(env)
    .select({
      agentId: conversations.agentId,
      createdAt: conversations.createdAt,
      updatedAt: conversations.updatedAt,
      closedAt: conversations.closedAt,
    })
    .from(conversations)
    .where(eq(conversations.id, id))
    .get();
  return {
    id,
    agentId: row?.agentId ?? null,
    createdAt: row?.createdAt ?? null,
    updatedAt: row?.updatedAt ?? null,
    closedAt: row?.closedAt ?? null,
    linkedBy,
  };
}

async function conversationExport(env: Env, id: string) {
  const db = database(env);
  const [row, handoffRows, gaps, answers, charges] = await Promise.all([
    db.select().from(conversations).where(eq(conversations.id, id)).get(),
    db.select().from(handoffs).where(eq(handoffs.conversationId, id)).orderBy(asc(handoffs.createdAt)),
    db.select().from(knowledgeGaps).where(eq(knowledgeGaps.conversationId, id)).orderBy(asc(knowledgeGaps.createdAt)),
    db.select().from(leadAnswers).where(eq(leadAnswers.conversationId, id)).orderBy(asc(leadAnswers.criterion)),
    db.select().from(creditCharges).where(eq(creditCharges.conversationId, id)),
  ]);
  const transcript: LoggedEvent[] = await env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(id)).events(0);
  return {
    id,
    conversation: row ?? null,
    handoffs: handoffRows,
    knowledgeGaps: gaps,
    leadAnswers: answers,
    creditCharges: charges,
    transcript,
  };
}

/** Null when there is no such contact. */
export async function exportContactData(env: Env, contactId: string, now = Date.now()) {
  const contact = await getContact(env, contactId);
  if (!contact) return null;
  const db = database(env);
  const links = await contactLinks(env, contactId);
  const verifications = await db
    .select({
      conversationId: contactVerifications.conversationId,
      agentId: contactVerifications.agentId,
      email: contactVerifications.email,
      expiresAt: contactVerifications.expiresAt,
      usedAt: contactVerifications.usedAt,
      createdAt: contactVerifications.createdAt,
    })
    .from(contactVerifications)
    .where(eq(contactVerifications.contactId, contactId))
    .orderBy(asc(contactVerifications.createdAt));
  const visitorRows = await db
    .select()
    .from(visitors)
    .where(or(eq(visitors.contactId, contactId), inArray(visitors.id, verifiedVisitorIds(env, contactId))));
  const visitorProofs = await db
    .select()
    .from(visitorVerifications)
    .where(eq(visitorVerifications.contactId, contactId))
    .orderBy(asc(visitorVerifications.verifiedAt));
  const proven = await provenConversations(env, contactId, links.conversationIds);
  const conversationExports = [];
  const otherConversations = [];
  for (const id of links.conversationIds) {
    if (proven.has(id)) conversationExports.push(await conversationExport(env, id));
    else otherConversations.push(await listedConversation(env, id, links.reasons.get(id) ?? []));
  }
  return {
    exportedAt: now,
    contact,
    history: await contactHistory(env, contactId, ALL_HISTORY),
    verifications,
    visitors: visitorRows,
    /** Which agent each visitor proved to be the contact to, and when. */
    visitorVerifications: visitorProofs,
    /** Conversations proven to be the contact's, with their transcripts. */
    conversations: conversationExports,
    /** Conversations linked to the contact without proof that they are theirs: listed, without transcripts. */
    otherConversations,
  };
}
