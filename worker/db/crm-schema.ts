/**
 * D1 tables of the CRM (drizzle): contacts, the definitions of their properties, their values,
 * the history of every change, email verification links, the visitors linked to contacts, and what each visitor proved to each agent.
 * Migrations in `migrations/` are generated from this file and `schema.ts` by drizzle-kit.
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export type PropertyType = "text" | "number" | "date" | "enum" | "boolean";
/** A stored property value: text and dates (`YYYY-MM-DD`) as strings, numbers, booleans. */
export type PropertyValue = string | number | boolean;
/** Who changed a contact: an admin through the API, a bulk import, or the agent in a conversation. */
export type ChangeActor = "admin" | "import" | "agent";

/** People the business knows: created or matched by email (capture, import, host-site identity, the admin API). */
export const contacts = sqliteTable("contacts", {
  id: text("id").primaryKey(),
  /** Lower-cased; one contact per address. Also the `email` property. */
  email: text("email").notNull().unique(),
  createdAt: integer("created_at", { mode: "number" }).notNull(),
  updatedAt: integer("updated_at", { mode: "number" }).notNull(),
});

/** What a contact property is: built-in ones are seeded by the migration and cannot be deleted or retyped. */
export const contactProperties = sqliteTable("contact_properties", {
  /** snake_case, e.g. `billing_address`. */
  name: text("name").primaryKey(),
  label: text("label").notNull(),
  type: text("type").notNull().$type<PropertyType>(),
  /** The allowed values of an `enum` property; null for other types. */
  options: text("options", { mode: "json" }).$type<string[]>(),
  /** Other words visitors use for it ("invoice address"); the offline model recognises them. */
  synonyms: text("synonyms", { mode: "json" }).notNull().$type<string[]>(),
  builtIn: integer("built_in", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at", { mode: "number" }).notNull(),
  updatedAt: integer("updated_at", { mode: "number" }).notNull(),
});

/** One value of one property of one contact (`email` lives on the contact row). */
export const contactValues = sqliteTable(
  "contact_values",
  {
    contactId: text("contact_id").notNull(),
    property: text("property").notNull(),
    value: text("value", { mode: "json" }).notNull().$type<PropertyValue>(),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.property] }), index("contact_values_property").on(t.property)],
);

/** Every change of a contact's properties: who, when, old and new value, and in which conversation. */
export const contactChanges = sqliteTable(
  "contact_changes",
  {
    id: text("id").primaryKey(),
    contactId: text("contact_id").notNull(),
    property: text("property").notNull(),
    /** null: the property had no value (or was removed, for `newValue`). */
    oldValue: text("old_value", { mode: "json" }).$type<PropertyValue>(),
    newValue: text("new_value", { mode: "json" }).$type<PropertyValue>(),
    changedBy: text("changed_by").notNull().$type<ChangeActor>(),
    conversationId: text("conversation_id"),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("contact_changes_contact").on(t.contactId, t.createdAt)],
);

/** Verification links sent by email: the token only as its hash, single use, expiring, bound to one conversation and one address. */
export const contactVerifications = sqliteTable(
  "contact_verifications",
  {
    tokenHash: text("token_hash").primaryKey(),
    conversationId: text("conversation_id").notNull(),
    agentId: text("agent_id").notNull(),
    contactId: text("contact_id").notNull(),
    /** The address the link was sent to (lower-cased). */
    email: text("email").notNull(),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
    usedAt: integer("used_at", { mode: "number" }),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    index("contact_verifications_conversation").on(t.conversationId, t.createdAt),
    index("contact_verifications_email").on(t.email, t.createdAt),
  ],
);

/** Ids of erased contacts (nothing else): a repeated erase answers as the first one did. */
export const erasedContacts = sqliteTable("erased_contacts", {
  id: text("id").primaryKey(),
  erasedAt: integer("erased_at", { mode: "number" }).notNull(),
});

/** Widget visitors (by visitor id) and the contact each gave an email for. */
export const visitors = sqliteTable("visitors", {
  id: text("id").primaryKey(),
  /** The contact of the email the visitor gave, or proved (capture only: never proof of identity by itself). */
  contactId: text("contact_id"),
  createdAt: integer("created_at", { mode: "number" }).notNull(),
  updatedAt: integer("updated_at", { mode: "number" }).notNull(),
});

/**
 * Which contact a visitor proved to be to one agent (verification link or host-site identity), and
 * when. Per agent: a proof given to one agent counts for no other. Whether it still counts is the
 * reading agent's `verifiedVisitorDays` after `verifiedAt`; a lapsed row still lets `match_email` compare.
 */
export const visitorVerifications = sqliteTable(
  "visitor_verifications",
  {
    visitorId: text("visitor_id").notNull(),
    agentId: text("agent_id").notNull(),
    contactId: text("contact_id").notNull(),
    verifiedAt: integer("verified_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.visitorId, t.agentId] }), index("visitor_verifications_contact").on(t.contactId)],
);
