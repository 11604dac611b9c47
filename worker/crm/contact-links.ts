/**
 * Everything in D1 that belongs to one contact, found the same way by the GDPR export and the
 * erase: its visitors (linked by captured email, or verified as it to any agent), and its conversations — those
 * linked to the contact, those of its visitors, those a verification link for it was sent
 * from, those in which the agent changed it, and those whose channel address is the contact's
 * email address or phone number (an email thread, a WhatsApp chat) — with why each is linked.
 */
import { and, eq, inArray, or } from "drizzle-orm";
import { database } from "../db/client";
import { queryInChunks } from "../db/in-chunks";
import {
  contactChanges,
  contacts,
  contactValues,
  contactVerifications,
  visitors,
  visitorVerifications,
} from "../db/crm-schema";
import { conversations } from "../db/schema";
import { DEPLOYABLE_CHANNELS } from "../protocol/channels";

/**
 * Why a conversation belongs to a contact: its own contact link, a visitor of the contact's, a verification link
 * sent from it, an agent's change made in it, or its channel address being the contact's email or phone.
 */
export type LinkReason = "conversation_contact" | "visitor" | "verification_link" | "agent_change" | "channel_address";

export type ContactLinks = {
  visitorIds: string[];
  conversationIds: string[];
  /** For each conversation id, why it is linked. */
  reasons: Map<string, LinkReason[]>;
};

/** SQL: the visitors who proved to be the contact, to any agent. */
export const verifiedVisitorIds = (env: Pick<Env, "DB">, contactId: string) =>
  database(env)
    .select({ id: visitorVerifications.visitorId })
    .from(visitorVerifications)
    .where(eq(visitorVerifications.contactId, contactId));

export async function contactLinks(env: Pick<Env, "DB">, contactId: string): Promise<ContactLinks> {
  const db = database(env);
  const visitorRows = await db
    .select({ id: visitors.id })
    .from(visitors)
    .where(or(eq(visitors.contactId, contactId), inArray(visitors.id, verifiedVisitorIds(env, contactId))));
  const visitorIds = visitorRows.map((v) => v.id);
  const reasons = new Map<string, LinkReason[]>();
  const link = { add: (id: string, reason: LinkReason) => reasons.set(id, [...(reasons.get(id) ?? []), reason]) };
  for (const row of await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.contactId, contactId)))
    link.add(row.id, "conversation_contact");
  for (const row of await queryInChunks(visitorIds, (chunk) =>
    db.select({ id: conversations.id }).from(conversations).where(inArray(conversations.visitorId, chunk)),
  ))
    link.add(row.id, "visitor");
  for (const row of await db
    .select({ id: contactVerifications.conversationId })
    .from(contactVerifications)
    .where(eq(contactVerifications.contactId, contactId)))
    link.add(row.id, "verification_link");
  for (const row of await db
    .select({ id: contactChanges.conversationId })
    .from(contactChanges)
    .where(eq(contactChanges.contactId, contactId))) {
    if (row.id) link.add(row.id, "agent_change");
  }
  for (const id of await channelAddressConversations(env, contactId)) link.add(id, "channel_address");
  for (const [id, why] of reasons) reasons.set(id, [...new Set(why)]);
  return { visitorIds, conversationIds: [...reasons.keys()].sort(), reasons };
}

/** Channel addresses are an email address or a phone number as digits (WhatsApp's `wa_id` has no "+"). */
const phoneDigits = (value: unknown): string | null => {
  if (typeof value !== "string") return null;
  const digits = value.replace(/\D/g, "");
  return digits.length >= 6 ? digits : null;
};

/** Conversations on any channel whose address is the contact's email address or phone number. */
async function channelAddressConversations(env: Pick<Env, "DB">, contactId: string): Promise<string[]> {
  const db = database(env);
  const contact = await db.select({ email: contacts.email }).from(contacts).where(eq(contacts.id, contactId)).get();
  const phone = await db
    .select({ value: contactValues.value })
    .from(contactValues)
    .where(and(eq(contactValues.contactId, contactId), eq(contactValues.property, "phone")))
    .get();
  const addresses = [contact?.email, phoneDigits(phone?.value)].filter((a): a is string => Boolean(a));
  if (addresses.length === 0) return [];
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(inArray(conversations.channel, [...DEPLOYABLE_CHANNELS]), inArray(conversations.channelAddress, addresses)),
    );
  return rows.map((row) => row.id);
}
