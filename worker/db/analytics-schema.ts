/**
 * D1 tables the analytics read besides conversations and handoffs: one row of facts per agent
 * turn (written after the turn, off the hot path), the visitor's thumbs on answers, and the
 * knowledge gaps (questions the agent abstained on or answered on weak grounding). None holds a
 * visitor's words except the gap's question, which the GDPR erase removes with its conversation.
 */
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const turnFacts = sqliteTable(
  "turn_facts",
  {
    /** The turn's id (the `turnId` of its events). */
    id: text("id").primaryKey(),
    conversationId: text("conversation_id").notNull(),
    agentId: text("agent_id").notNull(),
    channel: text("channel").notNull(),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
    /** The agent sent an answer (a turn that only handed off did not). */
    replied: integer("replied", { mode: "boolean" }).notNull(),
    abstained: integer("abstained", { mode: "boolean" }).notNull(),
    /** How grounded the answer was in the knowledge, 0–1; null when the model does not say. */
    grounding: real("grounding"),
    /** The model's id (`offline` for the built-in model), for the price of its tokens. */
    model: text("model").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    /** From the visitor's message to the agent's first streamed words; null when nothing was streamed. */
    firstDeltaMs: integer("first_delta_ms"),
  },
  (t) => [index("turn_facts_agent").on(t.agentId, t.createdAt), index("turn_facts_conversation").on(t.conversationId)],
);

/** The visitor's thumbs up (1) or down (-1) on one answer; the latest vote counts. */
export const answerFeedback = sqliteTable(
  "answer_feedback",
  {
    conversationId: text("conversation_id").notNull(),
    turnId: text("turn_id").notNull(),
    agentId: text("agent_id").notNull(),
    value: integer("value").notNull(),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.turnId] }),
    index("answer_feedback_agent").on(t.agentId, t.createdAt),
  ],
);

/** Questions the agent abstained on or answered on weak grounding: what the knowledge base is missing. */
export const knowledgeGaps = sqliteTable(
  "knowledge_gaps",
  {
    id: text("id").primaryKey(),
    agentId: text("agent_id").notNull(),
    question: text("question").notNull(),
    /** The question's stemmed content terms, space-separated: grouping and matching read these, not the text again. */
    terms: text("terms").notNull().default(""),
    conversationId: text("conversation_id"),
    grounding: real("grounding").notNull(),
    /** True when the agent said it did not know; false for an answer on weak grounding. */
    abstained: integer("abstained", { mode: "boolean" }).notNull().default(true),
    /** When a later conversation answered the same question, or an admin added what answers it; null: open. */
    fixedAt: integer("fixed_at", { mode: "number" }),
    /** What fixed it: `answered`, or the short answer's / article's id. */
    fixedBy: text("fixed_by"),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("knowledge_gaps_agent").on(t.agentId, t.createdAt)],
);
