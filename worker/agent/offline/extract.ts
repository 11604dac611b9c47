/**
 * Picks the part of a passage that answers a question: the most relevant paragraph, with the
 * paragraph that introduces it ("…as follows:") or that it introduces, within a chat-sized limit
 * that the response style's length sets (a detailed answer also takes the paragraphs after it).
 */
import type { ResponseStyle } from "../../behaviour/guidelines";
import { paragraphs, sentences } from "../../knowledge/sections";
import { termSet } from "../../knowledge/text";

/** How much of a passage an answer may take: longer spans are cut to their best sentences. */
export type AnswerSize = {
  maxChars: number;
  maxSentences: number;
  /** Also cut a paragraph within the character limit to its best sentences. */
  capSentences: boolean;
  /** Take the paragraphs after the best one too, as far as the limit allows. */
  followOn: boolean;
};

export const ANSWER_SIZES: Record<ResponseStyle["length"], AnswerSize> = {
  // A sentence or two: the best sentence and the one after it.
  short: { maxChars: 300, maxSentences: 2, capSentences: true, followOn: false },
  // A chat answer, not the article: the best sentence and the two after it usually carry the context it needs.
  medium: { maxChars: 700, maxSentences: 3, capSentences: false, followOn: false },
  // Several paragraphs: the best one and those after it, as far as the limit allows.
  detailed: { maxChars: 1400, maxSentences: 6, capSentences: false, followOn: true },
};
const INTRODUCES_NEXT = /:\s*$/; // "Paste this tag:" is only useful with the code or list that follows

/** How much of the question a piece of text covers, in [0, 1]. */
export type Relevance = (terms: ReadonlySet<string>) => number;

/** The span of `text` that best answers the question scored by `relevance` ("" for empty text). */
export function extractAnswer(text: string, relevance: Relevance, size: AnswerSize = ANSWER_SIZES.medium): string {
  const all = paragraphs(text);
  const best = bestIndex(all.map((p) => relevance(termSet(p))));
  if (best < 0) return "";
  let start = best;
  let end = best;
  while (start > 0 && INTRODUCES_NEXT.test(all[start - 1] ?? "")) start--;
  while (end + 1 < all.length && INTRODUCES_NEXT.test(all[end] ?? "")) end++;
  if (size.followOn) end = all.length - 1;

  const first = all[start] ?? "";
  if (first.length > size.maxChars || (size.capSentences && sentences(first).length > size.maxSentences))
    return bestSentences(first, relevance, size);
  let answer = first;
  for (const paragraph of all.slice(start + 1, end + 1)) {
    if (answer.length + paragraph.length + 2 > size.maxChars) break;
    answer = `${answer}\n\n${paragraph}`;
  }
  return answer;
}

/** The most relevant sentence of a long paragraph and the ones after it, within the limit. */
function bestSentences(paragraph: string, relevance: Relevance, size: AnswerSize): string {
  const all = sentences(paragraph);
  const start = Math.max(0, bestIndex(all.map((s) => relevance(termSet(s)))));
  let answer = "";
  for (const sentence of all.slice(start, start + size.maxSentences)) {
    const next = answer ? `${answer} ${sentence}` : sentence;
    if (answer && next.length > size.maxChars) break;
    answer = next;
  }
  return answer.length > size.maxChars ? `${answer.slice(0, size.maxChars - 1).trimEnd()}…` : answer;
}

/** Index of the highest score, the earliest on ties; -1 when there are none. */
export function bestIndex(scores: readonly number[]): number {
  let best = -1;
  for (const [i, score] of scores.entries()) if (best < 0 || score > (scores[best] ?? 0)) best = i;
  return best;
}
