/**
 * Contacts as the admin API sees them: read one with its properties, list and search by email
 * (exact or prefix, paged by address), create and update (checked, then written whole with
 * history), and the change history, newest first.
 */
import { and, asc, desc, eq, gt, gte, lt, type SQL } from "drizzle-orm";
import { database } from "../db/client";
import { contactChanges, contacts, type ChangeActor, type PropertyValue } from "../db/crm-schema";
import { ApiError } from "../lib/errors";
import { randomId } from "../lib/crypto";
import { checkContact } from "./contact-input";
import { contactWriteStatements, emailTaken, runBatch, valuesOfContacts } from "./contact-writes";
import { listDefinitions, type PropertyDefinition } from "./definitions";

export type ContactView = {
  id: string;
  email: string;
  properties: Record<string, PropertyValue>;
  createdAt: number;
  updatedAt: number;
};
export type ContactBody = { email?: string; properties?: Record<string, unknown> };

const PREFIX_END = "\u{10FFFF}"; // sorts after every character: [prefix, prefix + this) holds every address starting with prefix

export async function definitionMap(env: Pick<Env, "DB">): Promise<Map<string, PropertyDefinition>> {
  return new Map((await listDefinitions(env)).map((d) => [d.name, d]));
}

export async function getContact(env: Pick<Env, "DB">, id: string): Promise<ContactView | null> {
  const row = await database(env).select().from(contacts).where(eq(contacts.id, id)).get();
  if (!row) return null;
  const values = await valuesOfContacts(env, [id]);
  return { ...row, properties: values.get(id) ?? {} };
}

export type ContactSearch = { email?: string; prefix?: string; limit: number; cursor?: string };

/** Contacts in address order; `nextCursor` continues after the last one (null at the end). */
export async function listContacts(
  env: Pick<Env, "DB">,
  search: ContactSearch,
): Promise<{ items: ContactView[]; nextCursor: string | null }> {
  const conditions: SQL[] = [];
  if (search.email !== undefined) conditions.push(eq(contacts.email, search.email.trim().toLowerCase()));
  if (search.prefix !== undefined) {
    const prefix = search.prefix.trim().toLowerCase();
    conditions.push(gte(contacts.email, prefix), lt(contacts.email, prefix + PREFIX_END));
  }
  if (search.cursor !== undefined) conditions.push(gt(contacts.email, search.cursor));
  const rows = await database(env)
    .select()
    .from(contacts)
    .where(and(...conditions))
    .orderBy(asc(contacts.email))
    .limit(search.limit + 1);
  const page = rows.slice(0, search.limit);
  const values = await valuesOfContacts(
    env,
    page.map((r) => r.id),
  );
  const items = page.map((row) => ({ ...row, properties: values.get(row.id) ?? {} }));
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > search.limit && last ? last.email : null };
}

function invalid(errors: Record<string, string>): ApiError {
  return new ApiError(400, "invalid_contact", "The contact is invalid", errors);
}

export async function createContact(
  env: Pick<Env, "DB">,
  body: ContactBody,
  changedBy: ChangeActor,
  now = Date.now(),
): Promise<ContactView> {
  const checked = checkContact(
    await definitionMap(env),
    { email: body.email, properties: body.properties ?? {} },
    { emailRequired: true, empty: "refuse", blankIsEmpty: false, fieldPrefix: "properties." },
  );
  if (!checked.ok) throw invalid(checked.errors);
  const email = checked.email as string; // required above
  const taken = await database(env).select({ id: contacts.id }).from(contacts).where(eq(contacts.email, email)).get();
  if (taken) throw emailTaken();
  const id = randomId("ct");
  const { statements } = contactWriteStatements(
    database(env),
    { contactId: id, oldEmail: null, email, changes: checked.changes, current: {}, changedBy },
    now,
  );
  await runBatch(env, statements);
  return (await getContact(env, id)) as ContactView;
}

/** Changes the address and values given (null removes a value); null when there is no such contact. */
export async function updateContact(
  env: Pick<Env, "DB">,
  id: string,
  body: ContactBody,
  changedBy: ChangeActor,
  now = Date.now(),
): Promise<ContactView | null> {
  const checked = checkContact(
    await definitionMap(env),
    { email: body.email, properties: body.properties ?? {} },
    { emailRequired: false, empty: "remove", blankIsEmpty: false, fieldPrefix: "properties." },
  );
  if (!checked.ok) throw invalid(checked.errors);
  const current = await getContact(env, id);
  if (!current) return null;
  const email = checked.email ?? current.email;
  if (email !== current.email) {
    const taken = await database(env).select({ id: contacts.id }).from(contacts).where(eq(contacts.email, email)).get();
    if (taken) throw emailTaken();
  }
  const write = {
    contactId: id,
    oldEmail: current.email,
    email,
    changes: checked.changes,
    current: current.properties,
    changedBy,
  };
  await runBatch(env, contactWriteStatements(database(env), write, now).statements);
  return getContact(env, id);
}

/** The contact's changes, newest first. */
export async function contactHistory(env: Pick<Env, "DB">, id: string, limit: number) {
  return database(env)
    .select({
      id: contactChanges.id,
      property: contactChanges.property,
      oldValue: contactChanges.oldValue,
      newValue: contactChanges.newValue,
      changedBy: contactChanges.changedBy,
      conversationId: contactChanges.conversationId,
      createdAt: contactChanges.createdAt,
    })
    .from(contactChanges)
    .where(eq(contactChanges.contactId, id))
    .orderBy(desc(contactChanges.createdAt), desc(contactChanges.id))
    .limit(limit);
}
