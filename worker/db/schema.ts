/**
 * D1 tables of agents, their knowledge and conversations (drizzle); people, CRM, channels and the
 * rest have their own schema files. Migrations in `migrations/` are generated from them by drizzle-kit.
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { LeadLabelValue } from "../protocol/inbox-events";

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
  /** When the agent was taken off every channel (no launcher, no new conversations); null: live. */
  unpublishedAt: integer("unpublished_at", { mode: "number" }),
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
    /** Who the conversation is with on its channel: an email address, WhatsApp number, Messenger PSID or custom id. */
    channelAddress: text("channel_address"),
    /** The channel deployment it came through (its replies go out there); null for live chat. */
    deploymentId: text("deployment_id"),
    status: text("status").notNull(),
    outcome: text("outcome"),
    /** The staff member the conversation is routed to or handled by. */
    assignedStaffId: text("assigned_staff_id"),
    teamId: text("team_id"),
    /** Why the latest handoff happened (see HandoffReason). */
    handoffReason: text("handoff_reason"),
    /** The newest message's first characters, for inbox lists. */
    lastMessage: text("last_message"),
    /** The visitor's end-of-chat rating, 1–5 (null: not rated); 1–2 makes a resolved conversation count as not resolved. */
    rating: integer("rating"),
    /** The lead-qualification label (qualified, partially_qualified, unqualified); null until the goal labels it. */
    leadLabel: text("lead_label").$type<LeadLabelValue>(),
    /** The lead's score when it was labelled. */
    leadScore: integer("lead_score"),
    /** When the lead was (last) labelled: the leads list's order. */
    leadAt: integer("lead_at", { mode: "number" }),
    closedAt: integer("closed_at", { mode: "number" }),
    ...timestamps,
  },
  (t) => [
    index("conversations_visitor").on(t.agentId, t.visitorId, t.updatedAt),
    index("conversations_status").on(t.status, t.updatedAt),
    index("conversations_channel_address").on(t.channel, t.channelAddress),
    index("conversations_deployment").on(t.deploymentId, t.channelAddress),
    index("conversations_leads").on(t.agentId, t.leadAt),
  ],
);

/**
 * Why a conversation went to people; `frustrated_visitor` follows the guidelines, `agent_decided` is the generative model's
 * handoff tool, `turn_failed` a message the agent failed to answer too often (the turn queue gave it up).
 */
export type HandoffReason =
  | "visitor_asked"
  | "missing_knowledge"
  | "trigger_phrase"
  | "avoided_topic"
  | "frustrated_visitor"
  | "agent_decided"
  | "off_duty"
  | "paused"
  /** The agent was unpublished while the conversation was open. */
  | "unpublished"
  | "out_of_credits"
  | "turn_failed"
  /** The agent's daily token budget is spent. */
  | "budget_exhausted"
  /** The sender is on the channel's ignore list. */
  | "ignore_list"
  /** An email thread had as many automatic replies in the last hour as the channel sends. */
  | "reply_limit"
  /** The agent was removed from the channel the message came by. */
  | "channel_removed"
  /** An owner's workflow passed the conversation on to a person. */
  | "workflow"
  /** The visitor's answers to the agent's goal questions made them a qualified lead: sales takes over. */
  | "qualified_lead";

/** Every handoff of a conversation to a person, with why and where it was routed. */
export const handoffs = sqliteTable(
  "handoffs",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id").notNull(),
    agentId: text("agent_id").notNull(),
    reason: text("reason").notNull().$type<HandoffReason>(),
    /** The trigger phrase that matched, or other detail. */
    detail: text("detail"),
    mode: text("mode").notNull(),
    routedStaffId: text("routed_staff_id"),
    routedTeamId: text("routed_team_id"),
    /** True when nobody was available and the visitor was told when to expect an answer. */
    fallback: integer("fallback", { mode: "boolean" }).notNull(),
    /** `sent`, `failed: <reason>`, or null when no webhook is configured. */
    webhookStatus: text("webhook_status"),
    /** When a person first replied after this handoff; null: nobody yet. */
    firstReplyAt: integer("first_reply_at", { mode: "number" }),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("handoffs_conversation").on(t.conversationId), index("handoffs_agent").on(t.agentId, t.createdAt)],
);

/** Live switches of an agent (not versioned configuration): on/off and the credit allowance. */
export const agentControls = sqliteTable("agent_controls", {
  agentId: text("agent_id").primaryKey(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  /** Credits per month; null: unlimited. */
  monthlyCredits: integer("monthly_credits"),
  /** Day of the month (1–28) the allowance resets, in the agent's time zone. */
  creditResetDay: integer("credit_reset_day").notNull().default(1),
  creditsPerResolution: integer("credits_per_resolution").notNull().default(1),
  /** Model tokens (input + output, as the provider reports them) a day, in the agent's time zone; null: unlimited. */
  dailyTokenLimit: integer("daily_token_limit"),
  updatedAt: integer("updated_at", { mode: "number" }).notNull(),
});

/** Model tokens an agent's conversations used per local day: what the daily token budget is checked against. */
export const tokenUsage = sqliteTable(
  "token_usage",
  {
    agentId: text("agent_id").notNull(),
    /** The local day, `YYYY-MM-DD` in the agent's time zone. */
    day: text("day").notNull(),
    tokens: integer("tokens").notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.day] })],
);

/** One row per resolved conversation that was charged; the primary key makes charging idempotent. */
export const creditCharges = sqliteTable(
  "credit_charges",
  {
    conversationId: text("conversation_id").primaryKey(),
    agentId: text("agent_id").notNull(),
    /** The credit period's first day, `YYYY-MM-DD`. */
    period: text("period").notNull(),
    credits: integer("credits").notNull(),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("credit_charges_agent").on(t.agentId, t.period)],
);

/** Secrets an agent signs with (webhook signing key, later host-site identity keys); never returned after creation. */
export const agentSecrets = sqliteTable(
  "agent_secrets",
  {
    agentId: text("agent_id").notNull(),
    name: text("name").notNull(),
    value: text("value").notNull(),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.name] })],
);

export type SourceType = "articles" | "short_answers" | "url" | "file";
export type SourceStatus = "pending" | "syncing" | "ready" | "failed" | "cancelled";
/** Progress and size of a source, shown by the admin API. */
export type SourceStats = {
  found: number;
  fetched: number;
  indexed: number;
  failed: number;
  documents: number;
  chunks: number;
};

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
