/**
 * One row of facts per agent turn, written as the turn ends (in the background, or in one batch with the
 * turn's token use, which the turn waits for anyway): whether the agent answered or abstained, its
 * grounding, the model and its tokens, and how long the first words took. A question the agent
 * could not answer well becomes a knowledge gap; one it answered well fixes the gaps that asked it.
 */
import { database } from "../db/client";
import { turnFactsInsert } from "../db/turn-writes";
import type { TurnUsage } from "../agent/turn";
import { isGap, markAnswered, recordKnowledgeGap } from "./knowledge-gaps";

export type TurnRecord = {
  turnId: string;
  conversationId: string;
  agentId: string;
  channel: string;
  /** The visitor's message the turn answered. */
  question: string;
  replied: boolean;
  abstained: boolean;
  grounding: number | null;
  usage: TurnUsage | null;
  firstDeltaMs: number | null;
  at: number;
};

/** The insert of the turn's facts row, for a caller that batches it with the turn's other writes. */
export function turnFactsWrite(env: Pick<Env, "DB">, turn: TurnRecord): D1PreparedStatement {
  return turnFactsInsert(env.DB, {
    id: turn.turnId,
    conversationId: turn.conversationId,
    agentId: turn.agentId,
    channel: turn.channel,
    createdAt: turn.at,
    replied: turn.replied,
    abstained: turn.abstained,
    grounding: turn.grounding,
    model: turn.usage?.model ?? "none",
    inputTokens: turn.usage?.inputTokens ?? 0,
    outputTokens: turn.usage?.outputTokens ?? 0,
    firstDeltaMs: turn.firstDeltaMs,
  });
}

/** What the turn says about knowledge gaps, once its facts row is written: a new gap, or gaps it answered. */
export async function recordGaps(env: Pick<Env, "DB">, turn: TurnRecord): Promise<void> {
  if (!turn.replied && !turn.abstained) return; // handed to a person: nothing was answered or missed
  const db = database(env);
  if (isGap(turn)) {
    await recordKnowledgeGap(db, { ...turn, conversationId: turn.conversationId });
  } else {
    await markAnswered(db, turn.agentId, turn.question, turn.at);
  }
}

export async function recordTurn(env: Pick<Env, "DB">, turn: TurnRecord): Promise<void> {
  await turnFactsWrite(env, turn).run();
  await recordGaps(env, turn);
}

/**
 * Writes the turn's facts, then its knowledge gaps, in the background. With `charge` (the turn's token
 * use, which the next message's budget check must see) the facts go in the same round trip and the
 * returned promise waits for both. A failure is logged, never the visitor's problem: the answer has
 * been given.
 */
export async function recordTurnWith(
  env: Pick<Env, "DB">,
  defer: (work: Promise<unknown>) => void,
  turn: TurnRecord,
  charge: D1PreparedStatement | null,
): Promise<void> {
  const failed = (error: unknown) => console.error("recording the turn's facts failed", error);
  if (!charge) return defer(recordTurn(env, turn).catch(failed));
  try {
    await env.DB.batch([charge, turnFactsWrite(env, turn)]);
  } catch (error) {
    return failed(error);
  }
  defer(recordGaps(env, turn).catch(failed));
}
