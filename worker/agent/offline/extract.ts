/**
 * Picks the part of a passage that answers a question: the most relevant paragraph, with the
 * paragraph that introduces it ("…as follows:") or that it introduces, within a chat-sized limit.
 */
import { paragraphs, sentences } from "../../knowledge/sections";
import { termSet } from "../../knowledge/text";

const MAX_ANSWER_CHARS = 700; // a chat answer, not the article: longer spans are cut to their best sentences
const MAX_ANSWER_SENTENCES = 3; // the best sentence and the two after it usually carry the context it needs
const INTRODUCES_NEXT = /:\s*$/; // "Paste this tag:" is only useful with the code or list that follows

/** How much of the question a piece of text covers, in [0, 1]. */
export type Relevance = (terms: ReadonlySet<string>) => number;

/** The span of `text` that best answers the question scored by `relevance` ("" for empty text). */
export function extractAnswer(text: string, relevance: Relevance): string {
  const all = paragraphs(text);
  const best = bestIndex(all.map((p) => relevance(termSet(p))));
  if (best < 0) return "";
  let start = best;
  let end = best;
  while (start > 0 && INTRODUCES_NEXT.test(all[start - 1] ?? "")) start--;
  while (end + 1 < all.length && INTRODUCES_NEXT.test(all[end] ?? "")) end++;

  const first = all[start] ?? "";
  if (first.length > MAX_ANSWER_CHARS) return bestSentences(first, relevance);
  let answer = first;
  for (const paragraph of all.slice(start + 1, end + 1)) {
    if (answer.length + paragraph.length + 2 > MAX_ANSWER_CHARS) break;
    answer = `${answer}\n\n${paragraph}`;
  }
  return answer;
}

/** The most relevant sentence of a long paragraph and the ones after it, within the limit. */
function bestSentences(paragraph: string, relevance: Relevance): string {
  const all = sentences(paragraph);
  const start = Math.max(0, bestIndex(all.map((s) => relevance(termSet(s)))));
  let answer = "";
  for (const sentence of all.slice(start, start + MAX_ANSWER_SENTENCES)) {
    const next = answer ? `${answer} ${sentence}` : sentence;
    if (answer && next.length > MAX_ANSWER_CHARS) break;
    answer = next;
  }
  return answer.length > MAX_ANSWER_CHARS ? `${answer.slice(0, MAX_ANSWER_CHARS - 1).trimEnd()}…` : answer;
}

/** Index of the highest score, the earliest on ties; -1 when there are none. */
export function bestIndex(scores: readonly number[]): number {
  let best = -1;
  for (const [i, score] of scores.entries()) if (best < 0 || score > (scores[best] ?? 0)) best = i;
  return best;
}
