/**
 * D1 table of lead-qualification answers: what the visitor answered to each goal question of a
 * conversation, which contact property it fills, and whether it earned the criterion's score. The
 * conversation's label and score are columns of `conversations` (schema.ts). Holds a visitor's
 * words, so the GDPR erase removes the rows with their conversation.
 */
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const leadAnswers = sqliteTable(
  "lead_answers",
  {
    conversationId: text("conversation_id").notNull(),
    /** The criterion's index in the goal (0–4). */
    criterion: integer("criterion").notNull(),
    /** The contact property the answer fills. */
    property: text("property").notNull(),
    /** The trimmed answer, at most 500 characters. */
    value: text("value").notNull(),
    accepted: integer("accepted", { mode: "boolean" }).notNull(),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.criterion] })],
);
