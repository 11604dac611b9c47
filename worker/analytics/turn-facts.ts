/**
 * One row of facts per agent turn, written after the turn (the conversation hands this to
 * `waitUntil`, so the visitor never waits for it): whether the agent answered or abstained, its
 * grounding, the model and its tokens, and how long the first words took. A question the agent
 * could not answer well becomes a knowledge gap; one it answered well fixes the gaps that asked it.
 */
import { database } from "../db/client";
import { turnFacts } from "../db/analytics-schema";
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

export async function recordTurn(env: Pick<Env, "DB">, turn: TurnRecord): Promise<void> {
  const db = database(env);
  await db
    .insert(turnFacts)
    .values({
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
    })
    .onConflictDoNothing(); // a retried write of the same turn counts once
  if (!turn.replied && !turn.abstained) return; // handed to a person: nothing was answered or missed
  if (isGap(turn)) {
    await recordKnowledgeGap(db, { ...turn, conversationId: turn.conversationId });
  } else {
    await markAnswered(db, turn.agentId, turn.question, turn.at);
  }
}

/** Records the turn in the background; a failure is logged, never the visitor's problem. */
export function recordTurnLater(env: Pick<Env, "DB">, defer: (work: Promise<unknown>) => void, turn: TurnRecord): void {
  defer(recordTurn(env, turn).catch((error: unknown) => console.error("recording the turn's facts failed", error)));
}
