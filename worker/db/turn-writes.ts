/**
 * The D1 writes every visitor message makes — the conversation's row, the turn's facts and the day's
 * token use — as plain prepared statements with fixed SQL and bound values. They run on every
 * message: drizzle's query builder costs about a millisecond of CPU per statement on the object's one
 * thread, and a plain statement can join the others of its turn in one `DB.batch` round trip.
 */

/** A change of a conversation's row; an absent optional field keeps the stored value. */
export type ConversationRowChange = {
  status: string;
  outcome: string | null;
  handoffReason: string | null;
  closedAt: number | null;
  updatedAt: number;
  assignedStaffId?: string | null;
  teamId?: string | null;
  lastMessage?: string;
};

// Each optional column is set only when its flag is 1, so one fixed statement serves every change.
const UPDATE_CONVERSATION = `UPDATE conversations SET status = ?1, outcome = ?2, handoff_reason = ?3, closed_at = ?4,
  updated_at = ?5,
  assigned_staff_id = CASE WHEN ?6 THEN ?7 ELSE assigned_staff_id END,
  team_id = CASE WHEN ?8 THEN ?9 ELSE team_id END,
  last_message = CASE WHEN ?10 THEN ?11 ELSE last_message END
  WHERE id = ?12`;

export function conversationRowUpdate(db: D1Database, id: string, change: ConversationRowChange): D1PreparedStatement {
  const flag = (value: unknown) => (value === undefined ? 0 : 1);
  return db
    .prepare(UPDATE_CONVERSATION)
    .bind(
      change.status,
      change.outcome,
      change.handoffReason,
      change.closedAt,
      change.updatedAt,
      flag(change.assignedStaffId),
      change.assignedStaffId ?? null,
      flag(change.teamId),
      change.teamId ?? null,
      flag(change.lastMessage),
      change.lastMessage ?? null,
      id,
    );
}

/** One row of a turn's facts (worker/analytics/turn-facts.ts); a retried write of the same turn counts once. */
export type TurnFactsRow = {
  id: string;
  conversationId: string;
  agentId: string;
  channel: string;
  createdAt: number;
  replied: boolean;
  abstained: boolean;
  grounding: number | null;
  model: string;
  inputTokens: number;
  outputTokens: number;
  firstDeltaMs: number | null;
};

const INSERT_TURN_FACTS = `INSERT INTO turn_facts (id, conversation_id, agent_id, channel, created_at, replied, abstained,
  grounding, model, input_tokens, output_tokens, first_delta_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT DO NOTHING`;

export function turnFactsInsert(db: D1Database, row: TurnFactsRow): D1PreparedStatement {
  return db
    .prepare(INSERT_TURN_FACTS)
    .bind(
      row.id,
      row.conversationId,
      row.agentId,
      row.channel,
      row.createdAt,
      row.replied ? 1 : 0,
      row.abstained ? 1 : 0,
      row.grounding,
      row.model,
      row.inputTokens,
      row.outputTokens,
      row.firstDeltaMs,
    );
}

const ADD_TOKEN_USAGE = `INSERT INTO token_usage (agent_id, day, tokens) VALUES (?1, ?2, ?3)
  ON CONFLICT (agent_id, day) DO UPDATE SET tokens = tokens + ?3`;

/** Adds `tokens` to the agent's use on its local `day`. */
export function tokenUsageAdd(db: D1Database, agentId: string, day: string, tokens: number): D1PreparedStatement {
  return db.prepare(ADD_TOKEN_USAGE).bind(agentId, day, tokens);
}
