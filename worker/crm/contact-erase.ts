/**
 * The GDPR erase of a contact. Conversations go first — each Durable Object's storage, then
 * its D1 rows (handoffs, knowledge gaps, lead answers, verification links sent from it), with
 * the D1 conversation row last, since that row is how a retry finds the conversation again.
 * Then, in one batch, the contact's values, history, verifications, visitors and the contact
 * row itself, with its id recorded in `erased_contacts`. A retry after a failure halfway
 * finishes the job; an erase of an erased id answers as the first one did.
 *
 * Credit charges stay (they are the agent's usage, not personal data), but lose their link:
 * their conversation id is replaced by a random one. The knowledge index and the inbox hub
 * hold nothing of conversations or contacts (the index only holds the agent's sources; the hub
 * only open sockets), so there is nothing to erase there.
 */
import { eq, inArray, or } from "drizzle-orm";
import { database } from "../db/client";
import {
  contactChanges,
  contacts,
  contactValues,
  contactVerifications,
  erasedContacts,
  visitors,
  visitorVerifications,
} from "../db/crm-schema";
import { answerFeedback, knowledgeGaps, turnFacts } from "../db/analytics-schema";
import { leadAnswers } from "../db/lead-schema";
import { conversations, creditCharges, handoffs } from "../db/schema";
import { randomId } from "../lib/crypto";
import { notifyInboxRemoved } from "../inbox/notify";
import { contactLinks, verifiedVisitorIds } from "./contact-links";

export type EraseResult = { id: string; erased: true; erasedAt: number };

async function eraseConversation(env: Env, conversationId: string): Promise<void> {
  await env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId)).erase();
  const db = database(env);
  const erasedId = randomId("erased");
  await db.batch([
    db.delete(handoffs).where(eq(handoffs.conversationId, conversationId)),
    db.delete(knowledgeGaps).where(eq(knowledgeGaps.conversationId, conversationId)),
    db.delete(answerFeedback).where(eq(answerFeedback.conversationId, conversationId)),
    db.delete(leadAnswers).where(eq(leadAnswers.conversationId, conversationId)),
    // The turns' counts and tokens stay in the analytics, like the credits, without the link.
    db.update(turnFacts).set({ conversationId: erasedId }).where(eq(turnFacts.conversationId, conversationId)),
    db.delete(contactVerifications).where(eq(contactVerifications.conversationId, conversationId)),
    // Changes the agent made in it stay in their contact's history, without the link.
    db.update(contactChanges).set({ conversationId: null }).where(eq(contactChanges.conversationId, conversationId)),
    db.update(creditCharges).set({ conversationId: erasedId }).where(eq(creditCharges.conversationId, conversationId)),
    db.delete(conversations).where(eq(conversations.id, conversationId)),
  ]);
  await notifyInboxRemoved(env, conversationId);
}

/** Erases the contact; null when the id was never a contact. */
export async function eraseContact(env: Env, contactId: string, now = Date.now()): Promise<EraseResult | null> {
  const db = database(env);
  const contact = await db.select({ email: contacts.email }).from(contacts).where(eq(contacts.id, contactId)).get();
  if (!contact) {
    const erased = await db.select().from(erasedContacts).where(eq(erasedContacts.id, contactId)).get();
    return erased ? { id: contactId, erased: true, erasedAt: erased.erasedAt } : null;
  }
  const links = await contactLinks(env, contactId);
  for (const conversationId of links.conversationIds) await eraseConversation(env, conversationId);
  await db.batch([
    db.delete(contactValues).where(eq(contactValues.contactId, contactId)),
    db.delete(contactChanges).where(eq(contactChanges.contactId, contactId)),
    db
      .delete(contactVerifications)
      .where(or(eq(contactVerifications.contactId, contactId), eq(contactVerifications.email, contact.email))),
    db
      .delete(visitors)
      .where(or(eq(visitors.contactId, contactId), inArray(visitors.id, verifiedVisitorIds(env, contactId)))),
    db.delete(visitorVerifications).where(eq(visitorVerifications.contactId, contactId)),
    db.insert(erasedContacts).values({ id: contactId, erasedAt: now }).onConflictDoNothing(),
    db.delete(contacts).where(eq(contacts.id, contactId)),
  ]);
  return { id: contactId, erased: true, erasedAt: now };
}
