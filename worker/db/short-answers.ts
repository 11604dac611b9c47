/** Short answers of an agent: curated question/answer pairs the agent prefers over other knowledge. */
import { and, asc, eq } from "drizzle-orm";
import { randomId } from "../lib/crypto";
import type { Db } from "./client";
import { changed } from "./read-cache";
import { shortAnswers } from "./schema";

export type ShortAnswer = {
  id: string;
  question: string;
  answer: string;
  createdAt: number;
  updatedAt: number;
};

const columns = {
  id: shortAnswers.id,
  question: shortAnswers.question,
  answer: shortAnswers.answer,
  createdAt: shortAnswers.createdAt,
  updatedAt: shortAnswers.updatedAt,
};

/** An agent's short answers, oldest first (the order an admin added them). */
export async function listShortAnswers(db: Db, agentId: string): Promise<ShortAnswer[]> {
  return db
    .select(columns)
    .from(shortAnswers)
    .where(eq(shortAnswers.agentId, agentId))
    .orderBy(asc(shortAnswers.createdAt), asc(shortAnswers.id))
    .all();
}

export async function getShortAnswer(db: Db, agentId: string, id: string): Promise<ShortAnswer | null> {
  return (
    (await db
      .select(columns)
      .from(shortAnswers)
      .where(and(eq(shortAnswers.agentId, agentId), eq(shortAnswers.id, id)))
      .get()) ?? null
  );
}

export async function createShortAnswer(
  db: Db,
  agentId: string,
  input: { question: string; answer: string },
  now = Date.now(),
): Promise<ShortAnswer> {
  const item: ShortAnswer = {
    id: randomId("sa"),
    question: input.question,
    answer: input.answer,
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(shortAnswers).values({ ...item, agentId });
  changed("short_answers", agentId);
  return item;
}

/** Replaces one short answer's question and answer; null when the agent has no such short answer. */
export async function updateShortAnswer(
  db: Db,
  agentId: string,
  id: string,
  input: { question: string; answer: string },
  now = Date.now(),
): Promise<ShortAnswer | null> {
  const [updated] = await db
    .update(shortAnswers)
    .set({ question: input.question, answer: input.answer, updatedAt: now })
    .where(and(eq(shortAnswers.agentId, agentId), eq(shortAnswers.id, id)))
    .returning(columns);
  changed("short_answers", agentId);
  return updated ?? null;
}

/** Deletes one short answer of an agent; false when the agent has no such short answer. */
export async function deleteShortAnswer(db: Db, agentId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(shortAnswers)
    .where(and(eq(shortAnswers.agentId, agentId), eq(shortAnswers.id, id)))
    .returning({ id: shortAnswers.id });
  changed("short_answers", agentId);
  return deleted.length > 0;
}
