/** D1 tables of the channels beyond live chat: where an agent is deployed, and what each channel must remember. */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * An agent's deployment to a channel: its address (the inbound email address, the WhatsApp phone
 * number id, the Messenger page id, the custom channel id), non-secret connection settings, and
 * secrets sealed with SECRETS_KEY. A live control like the on/off switch, not versioned config.
 * A removed deployment keeps its row (so its conversations stay readable and new messages reach a
 * person); deploying the address again brings it back.
 */
export const channelDeployments = sqliteTable(
  "channel_deployments",
  {
    id: text("id").primaryKey(),
    agentId: text("agent_id").notNull(),
    channel: text("channel").notNull(),
    address: text("address").notNull(),
    /** Connection settings that are not secret (e.g. the Graph API base URL, the delivery URL). */
    config: text("config", { mode: "json" }).notNull().$type<Record<string, string>>(),
    /** Secret name → value sealed for this row (lib/secret-box.ts); never returned by the API. */
    secrets: text("secrets", { mode: "json" }).notNull().$type<Record<string, string>>(),
    removedAt: integer("removed_at", { mode: "number" }),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [
    uniqueIndex("channel_deployments_address").on(t.channel, t.address),
    index("channel_deployments_agent").on(t.agentId),
  ],
);

/**
 * Inbound message ids a channel has taken, per deployment: a platform's redelivery or a replayed
 * signed request is recognised even after its conversation closed. Old rows are swept by the cron.
 */
export const channelInboundIds = sqliteTable(
  "channel_inbound_ids",
  {
    deploymentId: text("deployment_id").notNull(),
    messageId: text("message_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.deploymentId, t.messageId] }), index("channel_inbound_ids_at").on(t.at)],
);

/**
 * Pieces of a reply a platform already accepted, by `<conversation>:<seq>:<piece>`: a retried
 * delivery of a split answer sends only what is missing (Graph has no idempotency key). Swept with
 * the inbound ids; a delivery's retries end within the hour.
 */
export const channelDeliveredPieces = sqliteTable(
  "channel_delivered_pieces",
  {
    deploymentId: text("deployment_id").notNull(),
    pieceKey: text("piece_key").notNull(),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.deploymentId, t.pieceKey] }), index("channel_delivered_pieces_at").on(t.at)],
);

/**
 * The email Message-IDs of each thread (received and sent), so a reply's In-Reply-To or References
 * finds its conversation; `subject` and `participants` are what replies need.
 */
export const emailThreadMessages = sqliteTable(
  "email_thread_messages",
  {
    deploymentId: text("deployment_id").notNull(),
    messageId: text("message_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    /** "in" (received) or "out" (sent by us). */
    direction: text("direction").notNull().$type<"in" | "out">(),
    subject: text("subject").notNull(),
    /** Everyone on the message (From, To, Cc), lower-cased, comma-separated. */
    participants: text("participants").notNull(),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.deploymentId, t.messageId] }),
    index("email_thread_messages_conversation").on(t.conversationId, t.at),
  ],
);
