/**
 * How the offline model answers: the script for the visitor's situation or a short answer
 * verbatim when one fits, otherwise the part of the best-covering passage that answers the kind
 * of question asked (steps for "how", a reason for "why", a place for "where"; a bare "Yes." only
 * for a yes/no question), in the visitor's language when the knowledge has it, else with a line
 * saying which language it is in, cited; and when the passages do not cover the question well
 * enough, an honest "I don't know" offering a person. The response style shapes the length,
 * formatting and emoji, and a frustrated visitor is acknowledged first. Pure and deterministic.
 */
import { questionReadings } from "../../knowledge/crosslingual/translate";
import {
  coverage,
  DEFAULT_LANGUAGE,
  type Language,
  questionSimilarity,
  readText,
  SAME_QUESTION_SIMILARITY,
  termSet,
} from "../../knowledge/text";
import type { PromptPassage } from "../prompt-format";
import { DEFAULT_DIRECTIVES, type Directives } from "../prompt-directives";
import { chatMarkdown } from "./chat-markdown";
import { ANSWER_SIZES, answerFit, bestIndex, extractAnswer, onlyContents, type Relevance } from "./extract";
import { isOfflineLanguage, LOCALES } from "./locale";
import { plainText } from "./plain-text";
import { classifyQuestion, type QuestionType } from "./question-type";
import { withoutYesNoOpener } from "./span-cues";
import { VOICES, voiceFor, type Voice } from "./voice";

/**
 * Below this retrieval score (the index's fused relevance on its calibrated scale, 0–1: the same
 * bar on every index and embedder, `knowledge/engine/calibration.ts`) a passage is not evidence enough.
 */
export const MIN_GROUNDING = 0.3;
/**
 * A passage answers only if it also holds a quarter of the question's terms' weight as the index
 * weighs them (IDF: `Passage.coverage`): a passage that shares the question's common words but none
 * of its rare ones (a product, a place, a shop the knowledge never names) does not answer it,
 * however well it scores on the rest. Chatty words ("cant", "first", "lol") weigh little, so a
 * visitor's long question is not held against its passage.
 */
export const MIN_WEIGHTED_COVERAGE = 0.25;
/**
 * A passage that comes without the index's weighted coverage must hold a third of the question's
 * terms, counted alike. Articles carry the weighted coverage: a share counting every word alike
 * refused answers to long, chatty questions whose rare words the passage held (issue 14).
 */
export const MIN_COVERAGE = 1 / 3;
/** A passage of the kind the question asks for may be cited over a better-ranked one scoring at least this share of it. */
const PASSAGE_TOLERANCE = 0.8;

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
  const reading = new TurnReading(covered);
  const covering = articles.filter(
    (p) =>
      p.score >= MIN_GROUNDING &&
      (p.coverage === undefined ? covered(reading.of(p).terms) >= MIN_COVERAGE : p.coverage >= MIN_WEIGHTED_COVERAGE),
  );
  const language = isOfflineLanguage(directives.language) ? directives.language : DEFAULT_LANGUAGE;
  const type = classifyQuestion(question, language);
  const article = choosePassage(covering, directives.language, type, reading);
  const grounding = article?.score ?? Math.max(0, ...articles.map((p) => p.score));
  if (!article) return abstain(voice.abstain, grounding);
  const size = ANSWER_SIZES[directives.style.length];
  const articleLanguage = reading.of(article).language;
  const span = extractAnswer(article.text, covered, {
    size,
    type,
    language: articleLanguage,
    memo: reading.scores,
  });
  if (!span.text) return abstain(voice.abstain, 0);
  // "Yes." answers only a yes/no question; before anything else it misleads.
  const text = type === "yes_no" ? span.text : withoutYesNoOpener(span.text);
  const more = span.moreSteps > 0 ? `\n\n${LOCALES[language].moreSteps(span.moreSteps)}` : "";
  // A private source may inform the answer but is never cited.
  return answer(
    `${voice.lead}${languageNotice(articleLanguage, directives.language)}${text}${more}`,
    article.citable ? [article] : [],
    grounding,
  );
}

/**
 * The passage to answer from: the best-ranked covering one, in the visitor's language when one is;
 * or, scoring nearly as well, one of the kind the question asks for — a section whose heading asks
 * the same kind of question, or another section of the same article whose quoted span would have
 * the shape of the answer (steps for "how", a reason for "why"…). Shape alone never moves the answer to another article:
 * many articles have steps, for other tasks.
 */
function choosePassage(
  covering: readonly PromptPassage[],
  language: string,
  type: QuestionType,
  reading: TurnReading,
): PromptPassage | undefined {
  // A section that is only a table of contents points at answers elsewhere: another covering passage answers instead.
  const answering = covering.filter((p) => !onlyContents(p.text));
  const candidates = answering.length > 0 ? answering : covering;
  const inLanguage = candidates.filter((p) => reading.of(p).language === language);
  const pool = inLanguage.length > 0 ? inLanguage : candidates;
  const [top] = pool;
  if (!top || type === "other") return top;
  const topArticle = titleParts(top.title).article;
  const fitOf = (passage: PromptPassage) => {
    const title = titleParts(passage.title);
    const asks = classifyQuestion(title.section) === type ? 1 : 0;
    const shaped =
      title.article === topArticle
        ? answerFit(passage.text, reading.relevance, {
            type,
            language: reading.of(passage).language,
            memo: reading.scores,
          })
        : 0;
    return Math.max(asks, shaped);
  };
  let chosen = top;
  let chosenFit = fitOf(top);
  for (const passage of pool) {
    if (passage === top || passage.score < top.score * PASSAGE_TOLERANCE) continue;
    const fit = fitOf(passage);
    if (fit > chosenFit) [chosen, chosenFit] = [passage, fit];
  }
  return chosen;
}

/** A passage's title is its heading path, "Article › Section › Subsection". */
function titleParts(title: string): { article: string; section: string } {
  const first = title.indexOf("›");
  return {
    article: (first < 0 ? title : title.slice(0, first)).trim(),
    section: title.slice(title.lastIndexOf("›") + 1).trim(),
  };
}

/**
 * What one answer reads from its passages, each once: a passage's language (English unless its text
 * clearly says otherwise) and terms from one pass over its words, and the question's coverage of
 * each span weighed (shared by `answerFit` and `extractAnswer`). Lives for one answer: the scores
 * belong to its question.
 */
class TurnReading {
  readonly scores = new Map<string, number>();
  private readonly passages = new Map<PromptPassage, { language: Language; terms: ReadonlySet<string> }>();

  constructor(readonly relevance: Relevance) {}

  of(passage: PromptPassage): { language: Language; terms: ReadonlySet<string> } {
    let read = this.passages.get(passage);
    if (!read) {
      read = passageReading(`${passage.title}\n${passage.text}`);
      this.passages.set(passage, read);
    }
    return read;
  }
}

/**
 * Passages read before, by their text (the same articles answer turn after turn): a reading depends
 * on the text alone. Cleared whole when full; readers share it and never change it.
 */
const readings = new Map<string, { language: Language; terms: ReadonlySet<string> }>();
const MAX_KEPT_READINGS = 512; // a knowledge base's most asked passages, a few KB each: about a megabyte at most

function passageReading(text: string): { language: Language; terms: ReadonlySet<string> } {
  let read = readings.get(text);
  if (!read) {
    if (readings.size >= MAX_KEPT_READINGS) readings.clear();
    read = readText(text);
    readings.set(text, read);
  }
  return read;
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
  const chat = chatMarkdown(text); // the panel renders neither tables nor blockquotes
  const body = d.style.formatting === "plain" ? plainText(chat) : chat;
  const emoji = d.style.emoji === "sometimes" && voice.emoji ? ` ${voice.emoji}` : "";
  return framed(`${body}${emoji}`, voice, d.frustration);
}
