/**
 * Writing checked contacts (admin API, imports, the agent): a new contact or an existing one, its new
 * address and its values, each change with its history row, all in one D1 batch so a contact
 * is saved whole or not at all. Values must come from `checkContact` (validated by type).
 */
import { and, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { database, type Db } from "../db/client";
import { queryInChunks } from "../db/in-chunks";
import { contactChanges, contacts, contactValues, type ChangeActor, type PropertyValue } from "../db/crm-schema";
import { ApiError } from "../lib/errors";
import { randomId } from "../lib/crypto";
import type { PropertyChanges } from "./contact-input";
import { EMAIL_PROPERTY } from "./definitions";

export type ContactWrite = {
  contactId: string;
  /** The stored address before this write; null creates the contact. */
  oldEmail: string | null;
  /** The address after it (the same as `oldEmail` when unchanged). */
  email: string;
  changes: PropertyChanges;
  /** The contact's current values (without the email). */
  current: Record<string, PropertyValue>;
  changedBy: ChangeActor;
  /** The conversation the change was made in (changes by the agent). */
  conversationId?: string | null;
};

export type Statement = BatchItem<"sqlite">;

/** The statements of one contact write (empty when nothing changes) and how many properties changed. */
export function contactWriteStatements(
  db: Db,
  write: ContactWrite,
  now: number,
): { statements: Statement[]; changed: number } {
  const statements: Statement[] = [];
  const history = (property: string, oldValue: PropertyValue | null, newValue: PropertyValue | null) =>
    db.insert(contactChanges).values({
      id: randomId("chg"),
      contactId: write.contactId,
      property,
      oldValue,
      newValue,
      changedBy: write.changedBy,
      conversationId: write.conversationId ?? null,
      createdAt: now,
    });
  if (write.oldEmail === null) {
    statements.push(
      db.insert(contacts).values({ id: write.contactId, email: write.email, createdAt: now, updatedAt: now }),
    );
    statements.push(history(EMAIL_PROPERTY, null, write.email));
  } else if (write.oldEmail !== write.email) {
    statements.push(history(EMAIL_PROPERTY, write.oldEmail, write.email));
  }
  for (const [property, newValue] of Object.entries(write.changes)) {
    const oldValue = write.current[property] ?? null;
    if (oldValue === newValue) continue;
    const where = and(eq(contactValues.contactId, write.contactId), eq(contactValues.property, property));
    statements.push(
      newValue === null
        ? db.delete(contactValues).where(where)
        : db
            .insert(contactValues)
            .values({ contactId: write.contactId, property, value: newValue, updatedAt: now })
            .onConflictDoUpdate({
              target: [contactValues.contactId, contactValues.property],
              set: { value: newValue, updatedAt: now },
            }),
    );
    statements.push(history(property, oldValue, newValue));
  }
  const changed = statements.length;
  if (write.oldEmail !== null && changed > 0)
    statements.push(
      db.update(contacts).set({ email: write.email, updatedAt: now }).where(eq(contacts.id, write.contactId)),
    );
  return { statements, changed };
}

/** Runs statements as one batch; a taken address (a concurrent writer got there first) is a 409. */
export async function runBatch(env: Pick<Env, "DB">, statements: Statement[]): Promise<void> {
  const [first, ...rest] = statements;
  if (!first) return;
  try {
    await database(env).batch([first, ...rest]);
  } catch (error) {
    if (String(error).includes("UNIQUE constraint failed: contacts.email")) throw emailTaken();
    throw error;
  }
}

export const emailTaken = () =>
  new ApiError(409, "email_taken", "Another contact has this email address", {
    email: "Already used by another contact",
  });

/** The values of many contacts (without the email), keyed by contact id; read in chunks below D1's parameter limit. */
export async function valuesOfContacts(
  env: Pick<Env, "DB">,
  contactIds: string[],
): Promise<Map<string, Record<string, PropertyValue>>> {
  const result = new Map<string, Record<string, PropertyValue>>(contactIds.map((id) => [id, {}]));
  const rows = await queryInChunks(contactIds, (ids) =>
    database(env).select().from(contactValues).where(inArray(contactValues.contactId, ids)),
  );
  for (const row of rows) {
    const values = result.get(row.contactId);
    if (values) values[row.property] = row.value;
  }
  return result;
}

/** The contacts with these (lower-cased) addresses, keyed by email; read in chunks. */
export async function contactsByEmail(
  env: Pick<Env, "DB">,
  emails: string[],
): Promise<Map<string, { id: string; email: string }>> {
  const result = new Map<string, { id: string; email: string }>();
  const rows = await queryInChunks(emails, (batch) =>
    database(env)
      .select({ id: contacts.id, email: contacts.email })
      .from(contacts)
      .where(inArray(contacts.email, batch)),
  );
  for (const row of rows) result.set(row.email, row);
  return result;
}
