/**
 * How alike two visitors' questions are, for grouping knowledge gaps: the better of the share of
 * content terms they have in common (Jaccard over stemmed terms) and the cosine of their offline
 * embeddings (word forms, word pairs and character n-grams: typos and inflections). No model is
 * asked: grouping runs on every gap list and must cost nothing but CPU.
 */
import { embedOffline } from "../knowledge/engine/embedder";
import { isStopword, termSet } from "../knowledge/text";

/** Questions at least this alike ask about the same thing: one knowledge gap (question-similarity.test.ts). */
export const RELATED_QUESTIONS = 0.4;
/** Questions at least this alike are the same question asked again: answering one answers the other. */
export const SAME_QUESTION = 0.6;

export type QuestionShape = { terms: Set<string>; vector: Float32Array };

export function shapeOf(question: string): QuestionShape {
  return { terms: termSet(question), vector: embedOffline(question, isStopword) };
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot; // both are L2-normalised
}

export function similarity(a: QuestionShape, b: QuestionShape): number {
  return Math.max(jaccard(a.terms, b.terms), cosine(a.vector, b.vector));
}
