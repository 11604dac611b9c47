/**
 * The analytics' reads from D1, each one aggregate query over an agent's rows in a period
 * (optionally one channel), grouped by UTC quarter hour where the report needs a time series.
 * Parameters are bound, never spliced: ?1 agent, ?2 start, ?3 end (ms), ?4 channel or null.
 */
import { QUARTER_HOUR_MS } from "./periods";

export type Scope = { agentId: string; start: number; end: number; channel: string | null };

const Q = QUARTER_HOUR_MS;
/** Rows of a table with its own `channel` column in scope. */
const IN_SCOPE = `agent_id = ?1 AND created_at >= ?2 AND created_at < ?3 AND (?4 IS NULL OR channel = ?4)`;
/** Rows of a table that names its conversation, in scope (the channel is the conversation's). */
const IN_SCOPE_BY_CONVERSATION = `agent_id = ?1 AND created_at >= ?2 AND created_at < ?3
  AND (?4 IS NULL OR conversation_id IN (SELECT id FROM conversations WHERE agent_id = ?1 AND channel = ?4))`;

export type ConversationRow = {
  quarter: number;
  conversations: number;
  handled: number;
  resolved: number;
  handed_off: number;
  rated: number;
  rating_sum: number;
};

export type TurnRow = {
  quarter: number;
  model: string;
  answers: number;
  abstained: number;
  input_tokens: number;
  output_tokens: number;
};

export type FeedbackRow = { quarter: number; up: number; down: number };

async function all<T>(db: D1Database, query: string, scope: Scope): Promise<T[]> {
  const result = await db.prepare(query).bind(scope.agentId, scope.start, scope.end, scope.channel).all<T>();
  return result.results;
}

/**
 * Conversations started in the period: handled (the agent answered at least once), resolved (closed
 * as resolved and not rated 1–2 afterwards), handed off after being handled, and their ratings.
 */
export const conversationRows = (db: D1Database, scope: Scope) =>
  all<ConversationRow>(
    db,
    `SELECT created_at / ${Q} AS quarter, COUNT(*) AS conversations,
       SUM(handled) AS handled,
       SUM(outcome = 'resolved' AND (rating IS NULL OR rating >= 3)) AS resolved,
       SUM(handled AND EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id)) AS handed_off,
       SUM(rating IS NOT NULL) AS rated, COALESCE(SUM(rating), 0) AS rating_sum
     FROM (SELECT *, EXISTS (SELECT 1 FROM turn_facts f WHERE f.conversation_id = conversations.id AND f.replied) AS handled
           FROM conversations WHERE ${IN_SCOPE}) AS c
     GROUP BY quarter`,
    scope,
  );

/** The agent's turns: answers, answers that abstained, and tokens per model. */
export const turnRows = (db: D1Database, scope: Scope) =>
  all<TurnRow>(
    db,
    `SELECT created_at / ${Q} AS quarter, model, SUM(replied) AS answers, SUM(replied AND abstained) AS abstained,
       SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens
     FROM turn_facts WHERE ${IN_SCOPE} GROUP BY quarter, model`,
    scope,
  );

export const feedbackRows = (db: D1Database, scope: Scope) =>
  all<FeedbackRow>(
    db,
    `SELECT created_at / ${Q} AS quarter, SUM(value > 0) AS up, SUM(value < 0) AS down
     FROM answer_feedback WHERE ${IN_SCOPE_BY_CONVERSATION} GROUP BY quarter`,
    scope,
  );

export const handoffReasons = (db: D1Database, scope: Scope) =>
  all<{ reason: string; count: number }>(
    db,
    `SELECT reason, COUNT(*) AS count FROM handoffs WHERE ${IN_SCOPE_BY_CONVERSATION} GROUP BY reason ORDER BY count DESC`,
    scope,
  );

export const ratingCounts = (db: D1Database, scope: Scope) =>
  all<{ rating: number; count: number }>(
    db,
    `SELECT rating, COUNT(*) AS count FROM conversations WHERE ${IN_SCOPE} AND rating IS NOT NULL GROUP BY rating`,
    scope,
  );

export async function creditsUsed(db: D1Database, scope: Scope): Promise<number> {
  const rows = await all<{ credits: number | null }>(
    db,
    `SELECT SUM(credits) AS credits FROM credit_charges WHERE ${IN_SCOPE_BY_CONVERSATION}`,
    scope,
  );
  return rows[0]?.credits ?? 0;
}

/** The median of `value` over the rows of `from` in scope where it is known: one row read, never the whole column. */
async function median(
  db: D1Database,
  scope: Scope,
  value: string,
  from: string,
  where: string,
): Promise<number | null> {
  const known = `${where} AND ${value} IS NOT NULL`;
  const rows = await all<{ low: number | null; high: number | null }>(
    db,
    `WITH n AS (SELECT COUNT(*) AS n FROM ${from} WHERE ${known})
     SELECT (SELECT ${value} FROM ${from} WHERE ${known} ORDER BY ${value} LIMIT 1 OFFSET (SELECT (n - 1) / 2 FROM n)) AS low,
            (SELECT ${value} FROM ${from} WHERE ${known} ORDER BY ${value} LIMIT 1 OFFSET (SELECT n / 2 FROM n)) AS high`,
    scope,
  );
  const { low, high } = rows[0] ?? { low: null, high: null };
  return low === null || high === null ? null : (low + high) / 2;
}

/** Median ms from a visitor's message to the agent's first streamed words. */
export const medianFirstDeltaMs = (db: D1Database, scope: Scope) =>
  median(db, scope, "first_delta_ms", "turn_facts", IN_SCOPE);

/** Median ms from a handoff to a person's first reply (handoffs nobody answered yet are left out). */
export const medianFirstReplyMs = (db: D1Database, scope: Scope) =>
  median(db, scope, "(first_reply_at - created_at)", "handoffs", IN_SCOPE_BY_CONVERSATION);
