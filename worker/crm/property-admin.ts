/**
 * Managing contact property definitions: creating custom ones, editing labels, synonyms and
 * enum options, and deleting custom ones with their values. Built-ins are never deleted or
 * retyped; a type never changes (stored values were validated against it).
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { database } from "../db/client";
import { contactProperties, contactValues } from "../db/crm-schema";
import { changed } from "../db/read-cache";
import { ApiError } from "../lib/errors";
import { getDefinition, PROPERTY_TYPES, propertyNameSchema, type PropertyDefinition } from "./definitions";

const MAX_LABEL_CHARS = 80; // shown in the admin and read out to visitors
const MAX_SYNONYMS = 20; // words visitors use for the property; more would blur the offline model's matching
const MAX_SYNONYM_CHARS = 60;
const MAX_OPTIONS = 100; // a pick list, not a lookup table
const MAX_OPTION_CHARS = 80;

const label = z.string().trim().min(1).max(MAX_LABEL_CHARS);
const synonyms = z.array(z.string().trim().min(1).max(MAX_SYNONYM_CHARS)).max(MAX_SYNONYMS);
const options = z
  .array(z.string().trim().min(1).max(MAX_OPTION_CHARS))
  .min(1, "An enum needs at least one option")
  .max(MAX_OPTIONS)
  .refine(
    (list) => new Set(list.map((o) => o.toLowerCase())).size === list.length,
    "Options must be unique (ignoring case)",
  );

export const createPropertyBody = z
  .strictObject({
    name: propertyNameSchema,
    label,
    type: z.enum(PROPERTY_TYPES),
    options: options.optional(),
    synonyms: synonyms.default([]),
  })
  .superRefine((body, ctx) => {
    if (body.type === "enum" && !body.options)
      ctx.addIssue({ code: "custom", path: ["options"], message: "An enum property needs its options" });
    if (body.type !== "enum" && body.options)
      ctx.addIssue({ code: "custom", path: ["options"], message: "Only enum properties have options" });
  });

/** `type` is accepted only to refuse it with a clear message: a type never changes. */
export const updatePropertyBody = z.strictObject({
  label: label.optional(),
  synonyms: synonyms.optional(),
  options: options.optional(),
  type: z.string().optional(),
});

export async function createProperty(
  env: Pick<Env, "DB">,
  body: z.infer<typeof createPropertyBody>,
  now = Date.now(),
): Promise<PropertyDefinition> {
  const row = {
    name: body.name,
    label: body.label,
    type: body.type,
    options: body.options ?? null,
    synonyms: body.synonyms,
    builtIn: false,
    createdAt: now,
    updatedAt: now,
  };
  const inserted = await database(env)
    .insert(contactProperties)
    .values(row)
    .onConflictDoNothing()
    .returning({ name: contactProperties.name });
  if (inserted.length === 0)
    throw new ApiError(409, "property_exists", `A contact property named "${body.name}" exists already`);
  changed("definitions");
  return {
    name: row.name,
    label: row.label,
    type: row.type,
    options: row.options,
    synonyms: row.synonyms,
    builtIn: false,
  };
}

export async function updateProperty(
  env: Pick<Env, "DB">,
  name: string,
  body: z.infer<typeof updatePropertyBody>,
  now = Date.now(),
): Promise<PropertyDefinition | null> {
  const current = await getDefinition(env, name);
  if (!current) return null;
  if (body.type !== undefined && body.type !== current.type) {
    throw new ApiError(409, "type_immutable", "A property's type cannot change; create a new property instead", {
      type: `Stays ${current.type}`,
    });
  }
  if (body.options && current.type !== "enum")
    throw new ApiError(400, "invalid_body", "Only enum properties have options", {
      options: "Only enum properties have options",
    });
  if (body.options) await refuseDroppingUsedOptions(env, name, body.options);
  const change = {
    ...(body.label ? { label: body.label } : {}),
    ...(body.synonyms ? { synonyms: body.synonyms } : {}),
    ...(body.options ? { options: body.options } : {}),
  };
  await database(env)
    .update(contactProperties)
    .set({ ...change, updatedAt: now })
    .where(eq(contactProperties.name, name));
  changed("definitions");
  return { ...current, ...change };
}

/** Options still held by some contact may not be removed: those values would no longer be valid. */
async function refuseDroppingUsedOptions(env: Pick<Env, "DB">, name: string, options: string[]): Promise<void> {
  const kept = new Set(options);
  const used = await database(env)
    .selectDistinct({ value: contactValues.value })
    .from(contactValues)
    .where(eq(contactValues.property, name));
  const dropped = used.map((row) => String(row.value)).filter((value) => !kept.has(value));
  if (dropped.length > 0) {
    throw new ApiError(
      409,
      "option_in_use",
      `Contacts still hold ${dropped.map((v) => `"${v}"`).join(", ")}; change their values first`,
      { options: `Keep: ${dropped.join(", ")}` },
    );
  }
}

/** Deletes a custom property and every value of it (history rows stay until the contact is erased). */
export async function deleteProperty(env: Pick<Env, "DB">, name: string): Promise<boolean> {
  const current = await getDefinition(env, name);
  if (!current) return false;
  if (current.builtIn)
    throw new ApiError(409, "built_in_property", `"${name}" is a built-in property and cannot be deleted`);
  const db = database(env);
  await db.batch([
    db.delete(contactValues).where(eq(contactValues.property, name)),
    db.delete(contactProperties).where(eq(contactProperties.name, name)),
  ]);
  changed("definitions");
  return true;
}
