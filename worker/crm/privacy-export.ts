/**
 * The GDPR export of a contact: everything Frontdesk holds about them — the contact and its
 * values, the change history, the verification links sent (never their token hashes), the
 * visitors linked, and each conversation with its handoffs, knowledge gaps, credit charge and
 * full transcript from the conversation's Durable Object.
 */
import { asc, eq, or } from "drizzle-orm";
import { database } from "../db/client";
import { contactVerifications, visitors } from "../db/crm-schema";
import { conversations, creditCharges, handoffs, knowledgeGaps } from "../db/schema";
import type { LoggedEvent } from "../protocol/events";
import { contactHistory, getContact } from "./contact-directory";
import { contactLinks } from "./contact-links";

const ALL_HISTORY = 1_000_000; // an export holds every change

async function conversationExport(env: Env, id: string) {
  const db = database(env);
  const [row, handoffRows, gaps, charges] = await Promise.all([
    db.select().from(conversations).where(eq(conversations.id, id)).get(),
    db.select().from(handoffs).where(eq(handoffs.conversationId, id)).orderBy(asc(handoffs.createdAt)),
    db.select().from(knowledgeGaps).where(eq(knowledgeGaps.conversationId, id)).orderBy(asc(knowledgeGaps.createdAt)),
    db.select().from(creditCharges).where(eq(creditCharges.conversationId, id)),
  ]);
  const transcript: LoggedEvent[] = await env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(id)).events(0);
  return {
    id,
    conversation: row ?? null,
    handoffs: handoffRows,
    knowledgeGaps: gaps,
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
    .where(or(eq(visitors.contactId, contactId), eq(visitors.verifiedContactId, contactId)));
  const conversationExports = [];
  for (const id of links.conversationIds) conversationExports.push(await conversationExport(env, id));
  return {
    exportedAt: now,
    contact,
    history: await contactHistory(env, contactId, ALL_HISTORY),
    verifications,
    visitors: visitorRows,
    conversations: conversationExports,
  };
}
