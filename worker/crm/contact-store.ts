/**
 * Reading a contact's properties, and writing one of them (the agent's confirmed changes): the
 * value is validated against the property's type and written with its history row (who, when,
 * old and new value, conversation) in one batch, by the same statements the admin API uses.
 */
import { and, eq } from "drizzle-orm";
import { database } from "../db/client";
import { contacts, contactValues, type ChangeActor, type PropertyValue } from "../db/crm-schema";
import { contactWriteStatements, runBatch } from "./contact-writes";
import { EMAIL_PROPERTY, getDefinition } from "./definitions";
import { parsePropertyValue } from "./values";

export type ContactProperties = Record<string, PropertyValue>;

/** Every property value of the contact, `email` included; null when there is no such contact. */
export async function readContactProperties(
  env: Pick<Env, "DB">,
  contactId: string,
): Promise<ContactProperties | null> {
  const db = database(env);
  const contact = await db.select({ email: contacts.email }).from(contacts).where(eq(contacts.id, contactId)).get();
  if (!contact) return null;
  const rows = await db
    .select({ property: contactValues.property, value: contactValues.value })
    .from(contactValues)
    .where(eq(contactValues.contactId, contactId));
  return { ...Object.fromEntries(rows.map((r) => [r.property, r.value])), [EMAIL_PROPERTY]: contact.email };
}

export type PropertyWrite = {
  contactId: string;
  property: string;
  /** The new value (validated here), or null to remove it. */
  value: unknown;
  changedBy: ChangeActor;
  conversationId?: string | null;
};

export type WriteResult =
  | { ok: true; oldValue: PropertyValue | null; newValue: PropertyValue | null; changed: boolean }
  | { ok: false; code: "unknown_property" | "invalid_value" | "not_writable" | "contact_not_found"; error: string };

/** Validates and writes one property value with its history row. Writing the same value again changes nothing. */
export async function writeContactProperty(
  env: Pick<Env, "DB">,
  write: PropertyWrite,
  now = Date.now(),
): Promise<WriteResult> {
  if (write.property === EMAIL_PROPERTY)
    return {
      ok: false,
      code: "not_writable",
      error: "The email identifies the contact; change it on the contact itself",
    };
  const definition = await getDefinition(env, write.property);
  if (!definition)
    return { ok: false, code: "unknown_property", error: `There is no contact property "${write.property}"` };
  let newValue: PropertyValue | null = null;
  if (write.value !== null) {
    const parsed = parsePropertyValue(definition, write.value);
    if (!parsed.ok) return { ok: false, code: "invalid_value", error: parsed.error };
    newValue = parsed.value;
  }
  const db = database(env);
  const contact = await db
    .select({ email: contacts.email })
    .from(contacts)
    .where(eq(contacts.id, write.contactId))
    .get();
  if (!contact) return { ok: false, code: "contact_not_found", error: "Contact not found" };
  const old = await db
    .select({ value: contactValues.value })
    .from(contactValues)
    .where(and(eq(contactValues.contactId, write.contactId), eq(contactValues.property, write.property)))
    .get();
  const oldValue = old?.value ?? null;
  const current: Record<string, PropertyValue> = oldValue === null ? {} : { [write.property]: oldValue };
  const { statements } = contactWriteStatements(
    db,
    {
      contactId: write.contactId,
      oldEmail: contact.email,
      email: contact.email,
      changes: { [write.property]: newValue },
      current,
      changedBy: write.changedBy,
      conversationId: write.conversationId ?? null,
    },
    now,
  );
  if (statements.length === 0) return { ok: true, oldValue, newValue, changed: false };
  await runBatch(env, statements);
  return { ok: true, oldValue, newValue, changed: true };
}
