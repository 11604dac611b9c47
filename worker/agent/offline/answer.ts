/**
 * How the offline model answers: a short answer verbatim when the question matches one, otherwise
 * the most relevant part of the best-covering passage, cited; and when the passages do not cover
 * the question well enough, an honest "I don't know" offering a person.
 * Pure and deterministic: the same question and passages always give the same answer.
 */
import { coverage, questionSimilarity, SAME_QUESTION_SIMILARITY, termSet } from "../../knowledge/text";
import type { PromptPassage } from "../prompt-format";
import { bestIndex, extractAnswer } from "./extract";
import { VOICES, type Voice } from "./voice";

/** Below this retrieval score (the index's fused relevance, 0–1) a passage is not evidence enough. */
export const MIN_GROUNDING = 0.33;
/** A passage answers only if it also contains at least a third of the question's content terms. */
export const MIN_COVERAGE = 1 / 3;

/** The default (friendly) "I don't know"; each personality has its own (voice.ts). */
export const ABSTAIN_TEXT = VOICES.friendly.abstain;
export const CLARIFY_TEXT = "Could you tell me a little more about what you are looking for?";

export type OfflineAnswer = {
  text: string;
  /** The passages the text was taken from (at most one today). */
  citations: PromptPassage[];
  /** How well the question is covered by what was cited, in [0, 1]. */
  grounding: number;
  abstained: boolean;
};

const abstain = (grounding: number, voice: Voice): OfflineAnswer => ({ text: voice.abstain, citations: [], grounding, abstained: true });

/** The offline model's answer to `question` from `passages` (best first, as quoted in the prompt). */
export function composeAnswer(question: string, passages: readonly PromptPassage[], voice: Voice = VOICES.friendly): OfflineAnswer {
  const wanted = termSet(question);
  if (wanted.size === 0) return { text: CLARIFY_TEXT, citations: [], grounding: 0, abstained: true };

  const shortAnswers = passages.filter((p) => p.kind === "short_answer");
  const similarities = shortAnswers.map((p) => questionSimilarity(wanted, termSet(p.title)));
  const shortAnswer = shortAnswers[bestIndex(similarities)];
  const similarity = Math.max(0, ...similarities);
  if (shortAnswer && similarity >= SAME_QUESTION_SIMILARITY) {
    return { text: shortAnswer.text.trim(), citations: [shortAnswer], grounding: similarity, abstained: false };
  }

  // Passages come best first: answer from the best-ranked one that also covers the question.
  const articles = passages.filter((p) => p.kind === "article");
  const article = articles.find((p) => p.score >= MIN_GROUNDING && coverage(wanted, termSet(`${p.title}\n${p.text}`)) >= MIN_COVERAGE);
  const grounding = article?.score ?? Math.max(0, ...articles.map((p) => p.score));
  if (!article) return abstain(grounding, voice);
  const text = extractAnswer(article.text, (terms) => coverage(wanted, terms));
  if (!text) return abstain(0, voice);
  // A private source may inform the answer but is never cited.
  return { text: `${voice.lead}${text}`, citations: article.citable ? [article] : [], grounding, abstained: false };
}
