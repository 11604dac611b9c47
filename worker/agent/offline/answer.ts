/**
 * How the offline model answers: the script for the visitor's situation or a short answer
 * verbatim when one fits, otherwise the most relevant part of the best-covering passage (in the
 * visitor's language when the knowledge has it, else with a line saying which language it is
 * in), cited; and when the passages do not cover the question well enough, an honest "I don't
 * know" offering a person. The response style shapes the length, formatting and emoji, and a
 * frustrated visitor is acknowledged first. Pure and deterministic.
 */
import { questionReadings } from "../../knowledge/crosslingual/translate";
import { coverage, questionSimilarity, SAME_QUESTION_SIMILARITY, termSet } from "../../knowledge/text";
import { clearLanguage } from "../../behaviour/language";
import type { PromptPassage } from "../prompt-format";
import { DEFAULT_DIRECTIVES, type Directives } from "../prompt-directives";
import { ANSWER_SIZES, bestIndex, extractAnswer } from "./extract";
import { isOfflineLanguage, LOCALES } from "./locale";
import { plainText } from "./plain-text";
import { VOICES, voiceFor, type Voice } from "./voice";

/** Below this retrieval score (the index's fused relevance, 0–1) a passage is not evidence enough. */
export const MIN_GROUNDING = 0.33;
/** A passage answers only if it also contains at least a third of the question's content terms. */
export const MIN_COVERAGE = 1 / 3;

/** The default (friendly, English) "I don't know"; each personality and language has its own (voice.ts, locale.ts). */
export const ABSTAIN_TEXT = VOICES.friendly.abstain;
export const CLARIFY_TEXT = VOICES.friendly.clarify;

export type OfflineAnswer = {
  text: string;
  /** The passages the text was taken from (at most one today). */
  citations: PromptPassage[];
  /** How well the question is covered by what was cited, in [0, 1]. */
  grounding: number;
  abstained: boolean;
};

/** The offline model's answer to `question` from `passages` (best first, as quoted in the prompt). */
export function composeAnswer(
  question: string,
  passages: readonly PromptPassage[],
  directives: Directives = DEFAULT_DIRECTIVES,
): OfflineAnswer {
  const voice = voiceFor(directives);
  const answer = (text: string, citations: PromptPassage[], grounding: number): OfflineAnswer => ({
    text: styled(text, voice, directives),
    citations,
    grounding,
    abstained: false,
  });
  const abstain = (text: string, grounding: number): OfflineAnswer => ({
    text: framed(text, voice, directives.frustration),
    citations: [],
    grounding,
    abstained: true,
  });

  if (directives.script) return answer(directives.script.reply, [], 1);
  // A question in another language is also read in English, as retrieval searched it: an English passage covers that.
  const readings = questionReadings(question);
  if (readings[0]?.size === 0) return abstain(voice.clarify, 0);
  const covered = (available: ReadonlySet<string>): number =>
    Math.max(...readings.map((reading) => coverage(reading, available)));

  const shortAnswers = passages.filter((p) => p.kind === "short_answer");
  const similarities = shortAnswers.map((p) =>
    Math.max(...readings.map((reading) => questionSimilarity(reading, termSet(p.title)))),
  );
  const shortAnswer = shortAnswers[bestIndex(similarities)];
  const similarity = Math.max(0, ...similarities);
  if (shortAnswer && similarity >= SAME_QUESTION_SIMILARITY)
    return answer(shortAnswer.text.trim(), [shortAnswer], similarity);

  // Passages come best first: answer from the best-ranked one that covers the question, preferring the visitor's language.
  const articles = passages.filter((p) => p.kind === "article");
  const covering = articles.filter(
    (p) => p.score >= MIN_GROUNDING && covered(termSet(`${p.title}\n${p.text}`)) >= MIN_COVERAGE,
  );
  const article = covering.find((p) => passageLanguage(p) === directives.language) ?? covering[0];
  const grounding = article?.score ?? Math.max(0, ...articles.map((p) => p.score));
  if (!article) return abstain(voice.abstain, grounding);
  const text = extractAnswer(article.text, covered, ANSWER_SIZES[directives.style.length]);
  if (!text) return abstain(voice.abstain, 0);
  // A private source may inform the answer but is never cited.
  return answer(
    `${voice.lead}${languageNotice(passageLanguage(article), directives.language)}${text}`,
    article.citable ? [article] : [],
    grounding,
  );
}

/** The language a passage is written in (English unless its text clearly says otherwise). */
function passageLanguage(passage: PromptPassage): string {
  return clearLanguage(`${passage.title}\n${passage.text}`) ?? "en";
}

/** "I only have this in English:" in the visitor's language, when the passage is in another one. */
function languageNotice(passageLang: string, replyLang: string): string {
  if (passageLang === replyLang || !isOfflineLanguage(replyLang) || !isOfflineLanguage(passageLang)) return "";
  return `${LOCALES[replyLang].onlyIn(LOCALES[replyLang].names[passageLang])}\n\n`;
}

/** An acknowledgement first for a frustrated visitor, and an offer of a person after when asked for. */
function framed(text: string, voice: Voice, frustration: Directives["frustration"]): string {
  if (!frustration) return text;
  const offer =
    frustration === "offer_handoff" && !text.includes(voice.offerHandoff) ? `\n\n${voice.offerHandoff}` : "";
  return `${voice.acknowledge} ${text}${offer}`;
}

function styled(text: string, voice: Voice, d: Directives): string {
  const body = d.style.formatting === "plain" ? plainText(text) : text;
  const emoji = d.style.emoji === "sometimes" && voice.emoji ? ` ${voice.emoji}` : "";
  return framed(`${body}${emoji}`, voice, d.frustration);
}
