/**
 * Everything in D1 that belongs to one contact, found the same way by the GDPR export and the
 * erase: its visitors (linked by captured or verified email), and its conversations — those
 * linked to the contact, those of its visitors, those a verification link for it was sent
 * from, and those in which the agent changed it.
 */
import { eq, inArray, or } from "drizzle-orm";
import { database } from "../db/client";
import { queryInChunks } from "../db/in-chunks";
import { contactChanges, contactVerifications, visitors } from "../db/crm-schema";
import { conversations } from "../db/schema";

export type ContactLinks = { visitorIds: string[]; conversationIds: string[] };

export async function contactLinks(env: Pick<Env, "DB">, contactId: string): Promise<ContactLinks> {
  const db = database(env);
  const visitorRows = await db
    .select({ id: visitors.id })
    .from(visitors)
    .where(or(eq(visitors.contactId, contactId), eq(visitors.verifiedContactId, contactId)));
  const visitorIds = visitorRows.map((v) => v.id);
  const ids = new Set<string>();
  for (const row of await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.contactId, contactId)))
    ids.add(row.id);
  for (const row of await queryInChunks(visitorIds, (chunk) =>
    db.select({ id: conversations.id }).from(conversations).where(inArray(conversations.visitorId, chunk)),
  ))
    ids.add(row.id);
  for (const row of await db
    .select({ id: contactVerifications.conversationId })
    .from(contactVerifications)
    .where(eq(contactVerifications.contactId, contactId)))
    ids.add(row.id);
  for (const row of await db
    .select({ id: contactChanges.conversationId })
    .from(contactChanges)
    .where(eq(contactChanges.contactId, contactId))) {
    if (row.id) ids.add(row.id);
  }
  return { visitorIds, conversationIds: [...ids].sort() };
}
