/**
 * The visitor's answer to a goal question: whether it can be taken (the criterion's validation
 * pattern), what is stored (the trimmed answer), and whether it earns the criterion's score (its
 * accepted answers: numeric ranges such as "11-50", "50+" or "<10" against the first number in the
 * answer, otherwise words or phrases it contains). Also the lead's score and label over the answers,
 * and whether the visitor declines to answer, so the questions move on.
 */
import { type Goal, type GoalCriterion, type LeadLabel, leadLabel } from "./definition";
import { containsPhrase, foldText, termMatcher, wordCount } from "./text-match";

/** The longest answer stored: a number, a company size, a sentence; a longer message is not an answer to a question. */
export const MAX_ANSWER_CHARS = 500;

export type AnswerEvaluation =
  | { kind: "invalid"; reason: string }
  | { kind: "answer"; value: string; accepted: boolean };

/** "11-50", "11–50", "50+", "<10", "<=10", ">100", ">=100": numeric accepted answers. */
const RANGE = /^(\d+(?:[.,]\d+)?)\s*[-–—]\s*(\d+(?:[.,]\d+)?)$/;
const AT_LEAST = /^(\d+(?:[.,]\d+)?)\s*\+$/;
const COMPARISON = /^(<=?|>=?)\s*(\d+(?:[.,]\d+)?)$/;
/** A number as written: "30", "2.5", "1,000", "1.000.000", "2,5". */
const NUMBER = /\d+(?:[.,]\d+)*/;

/** A written number: groups of three after separators are thousands ("1,000", "1.000"); one other separator is the decimal point. */
function parseNumber(written: string): number {
  if (/^\d{1,3}([.,]\d{3})+$/.test(written)) return Number(written.replace(/[.,]/g, ""));
  return Number(written.replace(",", "."));
}

/** The first number in the answer ("about 30 people" → 30), or null. */
export function firstNumber(text: string): number | null {
  const match = NUMBER.exec(text);
  if (!match) return null;
  const value = parseNumber(match[0]);
  return Number.isFinite(value) ? value : null;
}

/** Whether the answer earns one accepted entry; numeric entries need a number in the answer. */
function matchesAccepted(entry: string, value: string, folded: string): boolean {
  const spec = entry.trim();
  const range = RANGE.exec(spec);
  const atLeast = AT_LEAST.exec(spec);
  const comparison = COMPARISON.exec(spec);
  if (range || atLeast || comparison) {
    const n = firstNumber(value);
    if (n === null) return false;
    if (range) return n >= parseNumber(range[1] ?? "") && n <= parseNumber(range[2] ?? "");
    if (atLeast) return n >= parseNumber(atLeast[1] ?? "");
    const bound = parseNumber(comparison?.[2] ?? "");
    switch (comparison?.[1]) {
      case "<":
        return n < bound;
      case "<=":
        return n <= bound;
      case ">":
        return n > bound;
      default:
        return n >= bound;
    }
  }
  return containsPhrase(folded, spec);
}

/** The criterion's pattern as a full-match expression; null when there is none (or, never for saved settings, it does not compile). */
function fullMatch(pattern: string | undefined): RegExp | null {
  if (!pattern) return null;
  try {
    return new RegExp(`^(?:${pattern})$`, "u");
  } catch {
    return null;
  }
}

/** Takes the visitor's answer to `criterion`'s question, or says why it cannot be taken. */
export function evaluateAnswer(criterion: GoalCriterion, text: string): AnswerEvaluation {
  const value = text.trim();
  if (value === "") return { kind: "invalid", reason: "The answer is empty" };
  if (value.length > MAX_ANSWER_CHARS)
    return { kind: "invalid", reason: `The answer is longer than ${MAX_ANSWER_CHARS} characters` };
  const pattern = fullMatch(criterion.pattern);
  if (pattern && !pattern.test(value))
    return { kind: "invalid", reason: "The answer does not have the expected format" };
  const accepted = criterion.accepted ?? [];
  const folded = foldText(value);
  return {
    kind: "answer",
    value,
    accepted: accepted.length === 0 || accepted.some((entry) => matchesAccepted(entry, value, folded)),
  };
}

/** The lead's total score (criteria whose answers were accepted) and the label it earns. */
export function scoreLead(
  goal: Goal,
  answers: Record<number, { accepted: boolean }>,
): { score: number; label: LeadLabel } {
  const score = goal.criteria.reduce(
    (sum, criterion, index) => sum + (answers[index]?.accepted ? criterion.score : 0),
    0,
  );
  return { score, label: leadLabel(goal, score) };
}

/** Refusals that mean "not answering" anywhere in a message. */
const DECLINES = termMatcher([
  // en
  "rather not say",
  "rather not answer",
  "rather not tell",
  "prefer not to say",
  "prefer not to answer",
  "i d rather not",
  "none of your business",
  "not telling",
  "no comment",
  "skip this question",
  "skip that question",
  // da
  "vil helst ikke",
  "vil ikke svare",
  "det vil jeg ikke sige",
  "spring over",
  "ingen kommentar",
  // no
  "vil ikke si",
  "det vil jeg ikke si",
  "hopp over",
  "ingen kommentar",
  // sv
  "vill helst inte",
  "vill inte svara",
  "vill inte säga",
  "hoppa över",
  "ingen kommentar",
  // de
  "lieber nicht",
  "möchte ich nicht sagen",
  "möchte nicht antworten",
  "will ich nicht sagen",
  "kein kommentar",
  "keine angabe",
  "überspringen",
]);

/** Short replies that decline only when they are (nearly) the whole message: "skip", "no thanks", "pass". */
const SHORT_DECLINES = termMatcher([
  "skip",
  "pass",
  "no thanks",
  "no thank you",
  "nej tak",
  "nei takk",
  "nej tack",
  "nein danke",
]);
const SHORT_REPLY_WORDS = 4; // "no thanks, skip it" is a refusal; "skip to the pricing part" is not

/** True when the visitor declines to answer the question, in any of the offline agent's languages. */
export function declinesToAnswer(text: string): boolean {
  const folded = foldText(text);
  if (DECLINES(folded)) return true;
  return wordCount(folded) <= SHORT_REPLY_WORDS && SHORT_DECLINES(folded);
}
