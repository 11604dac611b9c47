/** D1 tables (drizzle). Migrations in `migrations/` are generated from this file by drizzle-kit. */
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
    published: integer("published", { mode: "boolean" }).notNull().default(true),
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

export type SourceType = "articles" | "short_answers" | "url" | "file";
export type SourceStatus = "pending" | "syncing" | "ready" | "failed" | "cancelled";
/** Progress and size of a source, shown by the admin API. */
export type SourceStats = { found: number; fetched: number; indexed: number; failed: number; documents: number; chunks: number };

/** A content source of an agent's knowledge: its articles, its short answers, a URL (crawl) or a file. */
export const sources = sqliteTable(
  "sources",
  {
    id: text("id").primaryKey(),
    agentId: text("agent_id").notNull(),
    type: text("type").notNull().$type<SourceType>(),
    name: text("name").notNull(),
    /** Type-specific settings: `{ url, importRelated, maxPages }` or `{ fileId }`. */
    config: text("config", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    status: text("status").notNull().$type<SourceStatus>(),
    stats: text("stats", { mode: "json" }).notNull().$type<SourceStats>(),
    error: text("error"),
    allowCitations: integer("allow_citations", { mode: "boolean" }).notNull().default(true),
    private: integer("private", { mode: "boolean" }).notNull().default(false),
    lastSyncedAt: integer("last_synced_at", { mode: "number" }),
    ...timestamps,
  },
  (t) => [index("sources_agent").on(t.agentId)],
);

/** Each document a source brought in (an article, a page, a file), with the hash that spares re-embedding. */
export const sourceDocuments = sqliteTable(
  "source_documents",
  {
    agentId: text("agent_id").notNull(),
    sourceId: text("source_id").notNull(),
    id: text("id").notNull(),
    title: text("title").notNull(),
    url: text("url"),
    contentHash: text("content_hash").notNull(),
    chunkCount: integer("chunk_count").notNull(),
    status: text("status").notNull().$type<"indexed" | "failed">(),
    error: text("error"),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.id] }), index("source_documents_agent").on(t.agentId)],
);

/** Uploaded files (bytes in R2), so a file can be picked again for another source. */
export const files = sqliteTable(
  "files",
  {
    id: text("id").primaryKey(),
    agentId: text("agent_id").notNull(),
    r2Key: text("r2_key").notNull(),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("files_agent").on(t.agentId)],
);

/** Questions the agent abstained on: what the knowledge base is missing (for analytics). */
export const knowledgeGaps = sqliteTable(
  "knowledge_gaps",
  {
    id: text("id").primaryKey(),
    agentId: text("agent_id").notNull(),
    question: text("question").notNull(),
    conversationId: text("conversation_id"),
    grounding: real("grounding").notNull(),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("knowledge_gaps_agent").on(t.agentId, t.createdAt)],
);
