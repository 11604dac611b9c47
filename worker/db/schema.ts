/** D1 tables (drizzle). Migrations in `migrations/` are generated from this file by drizzle-kit. */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

const timestamps = {
  createdAt: integer("created_at", { mode: "number" }).notNull(),
  updatedAt: integer("updated_at", { mode: "number" }).notNull(),
};

/** The published configuration of each agent, as the runtime reads it. */
export const agents = sqliteTable("agents", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  personality: text("personality").notNull(),
  greeting: text("greeting").notNull(),
  settings: text("settings", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
  publishedVersion: integer("published_version").notNull(),
  ...timestamps,
});

/** Every saved configuration document of an agent; the draft is the newest, published ones are stamped. */
export const agentVersions = sqliteTable(
  "agent_versions",
  {
    agentId: text("agent_id").notNull(),
    version: integer("version").notNull(),
    config: text("config", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
    publishedAt: integer("published_at", { mode: "number" }),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.version] })],
);

export const shortAnswers = sqliteTable(
  "short_answers",
  {
    id: text("id").primaryKey(),
    agentId: text("agent_id").notNull(),
    question: text("question").notNull(),
    answer: text("answer").notNull(),
    ...timestamps,
  },
  (t) => [index("short_answers_agent").on(t.agentId)],
);

/** Knowledge-base articles written in Frontdesk (Markdown). */
export const articles = sqliteTable(
  "articles",
  {
    agentId: text("agent_id").notNull(),
    id: text("id").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    url: text("url"),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.agentId, t.id] })],
);

/** What the inbox, replay, erase and analytics list; the messages themselves live in the Durable Object. */
export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    agentId: text("agent_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    contactId: text("contact_id"),
    channel: text("channel").notNull(),
    status: text("status").notNull(),
    outcome: text("outcome"),
    ...timestamps,
  },
  (t) => [index("conversations_visitor").on(t.agentId, t.visitorId, t.updatedAt)],
);
