/**
 * Contacts from email capture: create or match a contact by address, link a visitor to it, and
 * find the contact a returning visitor is already linked to. Typed email links for follow-up
 * only; it never counts as proof of identity (DECISIONS).
 */
import { eq } from "drizzle-orm";
import { database } from "../db/client";
import { contacts, visitors } from "../db/crm-schema";
import { conversations } from "../db/schema";
import { randomId } from "../lib/crypto";

/** The contact id the visitor is linked to, or null. */
export async function linkedContact(env: Pick<Env, "DB">, visitorId: string): Promise<string | null> {
  const row = await database(env)
    .select({ contactId: visitors.contactId })
    .from(visitors)
    .where(eq(visitors.id, visitorId))
    .get();
  return row?.contactId ?? null;
}

/** The id of the contact with this address (lower-cased), created when there is none. Safe to repeat. */
export async function findOrCreateContact(
  env: Pick<Env, "DB">,
  address: string,
  now = Date.now(),
): Promise<{ id: string; email: string }> {
  const db = database(env);
  const email = address.toLowerCase();
  await db
    .insert(contacts)
    .values({ id: randomId("ct"), email, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: contacts.email });
  const contact = await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.email, email)).get();
  if (!contact) throw new Error(`contact for ${email} was neither created nor found`);
  return { id: contact.id, email };
}

/**
 * Finds or creates the contact with this (lower-cased) address, links the visitor and the
 * conversation to it, and returns its id. Safe to repeat.
 */
export async function captureEmail(
  env: Pick<Env, "DB">,
  input: { email: string; visitorId: string; conversationId: string },
  now = Date.now(),
): Promise<string> {
  const db = database(env);
  const contact = await findOrCreateContact(env, input.email, now);
  await db.batch([
    db
      .insert(visitors)
      .values({ id: input.visitorId, contactId: contact.id, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: visitors.id, set: { contactId: contact.id, updatedAt: now } }),
    db
      .update(conversations)
      .set({ contactId: contact.id, updatedAt: now })
      .where(eq(conversations.id, input.conversationId)),
  ]);
  return contact.id;
}
