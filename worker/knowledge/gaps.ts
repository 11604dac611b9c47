/** Knowledge gaps: questions the agent abstained on in real conversations, for the analytics to list. */
import { database } from "../db/client";
import { knowledgeGaps } from "../db/schema";
import { randomId } from "../lib/crypto";

const MAX_QUESTION_CHARS = 1_000; // enough to read the question; visitor messages can be longer

export type KnowledgeGap = { agentId: string; question: string; conversationId: string | null; grounding: number };

export async function recordKnowledgeGap(env: Env, gap: KnowledgeGap): Promise<void> {
  await database(env)
    .insert(knowledgeGaps)
    .values({
      id: randomId("gap"),
      ...gap,
      question: gap.question.slice(0, MAX_QUESTION_CHARS),
      createdAt: Date.now(),
    });
}
