/**
 * How alike two visitors' questions are, for grouping knowledge gaps: the better of the share of
 * content terms they have in common (Jaccard over stemmed terms) and the cosine of their offline
 * embeddings (word forms, word pairs and character n-grams: typos and inflections). No model is
 * asked. The embedding is the costly part (about 0.15 ms a question), so it is made only for
 * questions that share at least one term; a gap's terms are stored with it, so comparing a new
 * question with hundreds of open gaps costs set lookups, not re-reading every gap.
 */
import { embedOffline } from "../knowledge/engine/embedder";
import { isStopword, termSet } from "../knowledge/text";

/** Questions at least this alike ask about the same thing: one knowledge gap (question-similarity.test.ts). */
export const RELATED_QUESTIONS = 0.4;
/** Questions at least this alike are the same question asked again: answering one answers the other. */
export const SAME_QUESTION = 0.6;

export type QuestionShape = { text: string; terms: Set<string>; vector?: Float32Array };

/** The shape of a question; `storedTerms` (space-separated, as `termsOf` wrote them) saves re-deriving them. */
export function shapeOf(question: string, storedTerms?: string): QuestionShape {
  const terms = storedTerms ? new Set(storedTerms.split(" ")) : termSet(question);
  return { text: question, terms };
}

/** A question's terms as stored with its gap. */
export const termsOf = (question: string): string => [...termSet(question)].join(" ");

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}

function vectorOf(shape: QuestionShape): Float32Array {
  shape.vector ??= embedOffline(shape.text, isStopword);
  return shape.vector;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot; // both are L2-normalised
}

export function similarity(a: QuestionShape, b: QuestionShape): number {
  const shared = jaccard(a.terms, b.terms);
  if (shared === 0 || shared >= SAME_QUESTION) return shared; // nothing in common, or alike enough already
  return Math.max(shared, cosine(vectorOf(a), vectorOf(b)));
}
