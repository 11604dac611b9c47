/** Contact property definitions: the built-in ones (seeded by the migration) and the admin's custom ones. */
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { database, type Db } from "../db/client";
import { contactProperties, type PropertyType } from "../db/crm-schema";

export const PROPERTY_TYPES = ["text", "number", "date", "enum", "boolean"] as const satisfies readonly PropertyType[];
/** The property held on the contact row itself: it identifies the contact and is never changed through property writes. */
export const EMAIL_PROPERTY = "email";

export const propertyNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,47}$/, "Use 1–48 lower-case letters, digits and underscores, starting with a letter");

export type PropertyDefinition = {
  name: string;
  label: string;
  type: PropertyType;
  /** The allowed values of an enum property (null otherwise). */
  options: string[] | null;
  synonyms: string[];
  builtIn: boolean;
};

export const toDefinition = (row: typeof contactProperties.$inferSelect): PropertyDefinition => ({
  name: row.name,
  label: row.label,
  type: row.type,
  options: row.options ?? null,
  synonyms: row.synonyms,
  builtIn: row.builtIn,
});

/** The query for every definition, oldest first (its rows go through `toDefinition`), to read alone or in a batch. */
export const definitionsQuery = (db: Db) =>
  db.select().from(contactProperties).orderBy(asc(contactProperties.createdAt), asc(contactProperties.name));

export async function listDefinitions(env: Pick<Env, "DB">): Promise<PropertyDefinition[]> {
  return (await definitionsQuery(database(env))).map(toDefinition);
}

export async function getDefinition(env: Pick<Env, "DB">, name: string): Promise<PropertyDefinition | null> {
  const row = await database(env).select().from(contactProperties).where(eq(contactProperties.name, name)).get();
  return row ? toDefinition(row) : null;
}
