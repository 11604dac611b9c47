/**
 * Picks the part of a passage that answers a question: the most relevant paragraph, with the
 * paragraph that introduces it ("…as follows:") or that it introduces — or, nearly as relevant, one
 * of the kind the question asks for (steps, a reason, a place) — within a chat-sized limit that the
 * response style's length sets (a detailed answer also takes the paragraphs after it).
 */
import type { ResponseStyle } from "../../behaviour/guidelines";
import { paragraphs, sentences } from "../../knowledge/sections";
import { type Language, termSet } from "../../knowledge/text";
import type { QuestionType } from "./question-type";
import { BULLET_ITEM, danglingPromise, NUMBERED_ITEM, typeFit, WORDED } from "./span-cues";
import { isPicture, isUnshownPicture } from "./chat-markdown";

/** How much of a passage an answer may take: longer spans are cut to their best sentences. */
export type AnswerSize = {
  maxChars: number;
  maxSentences: number;
  /** Also cut a paragraph within the character limit to its best sentences. */
  capSentences: boolean;
  /**
   * Take the paragraphs after the best one too while the answer holds fewer sentences than this (0: never):
   * a one-line description of an error is followed by what to do about it.
   */
  followOn: number;
};

export const ANSWER_SIZES: Record<ResponseStyle["length"], AnswerSize> = {
  // A sentence or two: the best sentence and the one after it.
  short: { maxChars: 300, maxSentences: 2, capSentences: true, followOn: 0 },
  // A chat answer, not the article: the best span, and what follows it until some three sentences carry the context it needs.
  medium: { maxChars: 700, maxSentences: 3, capSentences: false, followOn: 3 },
  // Several paragraphs: the best one and those after it, as far as the limit allows.
  detailed: { maxChars: 1400, maxSentences: 6, capSentences: false, followOn: Number.POSITIVE_INFINITY },
};
const INTRODUCES_NEXT = /:\s*$/; // "Paste this tag:" is only useful with the code or list that follows
const MIN_STATEMENT_WORDS = 3; // a colon after fewer words is a label ("Note:", "Steps:"), not a statement
const CODE_BLOCK = /^[ \t]*(```|~~~)[\s\S]*?^[ \t]*\1[^\n]*$/gm;
const TABLE_ROW = /^[ \t]*\|/; // a Markdown table is read with the words before it, which say what its rows are
/** A span of the right kind ("how" → steps) is preferred when it covers at least this share of what the best span covers. */
const SPAN_TOLERANCE = 0.5;
const isItem = (line: string) => NUMBERED_ITEM.test(line) || BULLET_ITEM.test(line);
/** A paragraph of HTML comments only ("<!-- TOC -->"): markup for the page's tools, nothing to quote. */
const COMMENT_ONLY = /^(?:<!--[\s\S]*?-->\s*)+$/;
/** A list item that only links to a heading of the same page: an "In this article" table of contents. */
const IN_PAGE_LINK_ITEM = /^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\[[^\]\n]+\]\(#[^)\s]*\)[ \t]*$/;

/** How much of the question a piece of text covers, in [0, 1]. */
export type Relevance = (terms: ReadonlySet<string>) => number;
type Scorer = (text: string) => number;

export type ExtractOptions = {
  size?: AnswerSize;
  /** The kind of answer the question asks for. */
  type?: QuestionType;
  /** The language of the whole text: a short paragraph alone often does not tell. */
  language?: Language;
  /**
   * Scores of pieces already weighed against the same question (keyed by language and text): one
   * answer weighs a passage's spans more than once (`answerFit`, then `extractAnswer`).
   */
  memo?: Map<string, number>;
};

/** A quoted span, and how many steps of a numbered list it quotes were left out for length. */
export type Extract = { text: string; moreSteps: number };

/**
 * The span of `text` that best answers the question scored by `relevance` ("" for empty text):
 * among the spans that cover the question nearly as well as the best, the one with the shape the
 * question's `type` asks for (steps for "how", a reason for "why"…). A list is quoted item by item
 * and never cut inside an item.
 */
export function extractAnswer(text: string, relevance: Relevance, options: ExtractOptions = {}): Extract {
  const { size = ANSWER_SIZES.medium, type = "other", language, memo } = options;
  const score = scorer(relevance, language, memo);
  const choice = chooseSpan(text, score, type);
  if (!choice) return { text: "", moreSteps: 0 };
  const { spans, chosen } = choice;
  const all = units(followingOn(spans, chosen, size.followOn));
  // Steps are quoted from the first; another answer from a long list starts at its most relevant item.
  const quoted = quote(all.slice(type === "how" ? 0 : listStart(all, score, size)), score, size);
  return { ...quoted, text: withoutDanglingPromise(quoted.text) };
}

/**
 * The chosen span, and the spans after it while the quote holds fewer than `sentenceLimit` sentences: what
 * follows a one-line description of an error is what to do about it, often in words the question does not use.
 */
function followingOn(spans: readonly string[], chosen: number, sentenceLimit: number): string[] {
  const taken: string[] = [];
  let said = 0;
  for (const span of spans.slice(chosen)) {
    if (taken.length > 0 && said >= sentenceLimit) break;
    taken.push(span);
    said += proseSentences(span);
  }
  return taken;
}

/** The sentences of `span` outside its code blocks: a quoted error message says nothing about what to do. */
const proseSentences = (span: string): number => sentences(span.replace(CODE_BLOCK, "")).length;

/**
 * `text` without the promise its last sentence makes of what the quote does not hold ("Follow the
 * steps below." where the steps are in another section or past the size limit): an answer never ends
 * on one. A sentence that points at more text is left out, one that only ends with a colon ends with a
 * full stop instead ("Save them with PUT /api/agents and publish."; a label such as "Note:" is left
 * out). Unchanged when that sentence is all there is, or when what it introduces follows it.
 */
function withoutDanglingPromise(text: string): string {
  const cut = text.lastIndexOf("\n\n");
  const before = cut < 0 ? "" : text.slice(0, cut + 2);
  const last = text.slice(before.length);
  if (isItem(last.slice(last.lastIndexOf("\n") + 1)) || TABLE_ROW.test(last)) return text;
  const said = sentences(last);
  const promise = said.at(-1) ?? "";
  const kind = danglingPromise(promise);
  if (!kind) return text;
  const statement = promise.replace(/\s*:\s*$/, ".");
  const ending = kind === "colon" && statement.split(/\s+/).length >= MIN_STATEMENT_WORDS ? [statement] : [];
  const rest = [...said.slice(0, -1), ...ending].join(" ");
  if (!before) return rest || text;
  // The promise was the whole last paragraph: the one before may end on one too ("Save them and publish:", "Note:").
  return rest ? `${before}${rest}` : withoutDanglingPromise(before.trimEnd());
}

/** How well the span `extractAnswer` would quote from `text` fits the question's type, in [0, 1]. */
export function answerFit(text: string, relevance: Relevance, options: Omit<ExtractOptions, "size"> = {}): number {
  const { type = "other", language, memo } = options;
  return chooseSpan(text, scorer(relevance, language, memo), type)?.fit ?? 0;
}

/** How much of the question a piece of text in `language` covers, remembered in `memo` when given. */
function scorer(relevance: Relevance, language: Language | undefined, memo: Map<string, number> | undefined): Scorer {
  const weigh: Scorer = (piece) => relevance(termSet(piece, language));
  if (!memo) return weigh;
  return (piece) => {
    const key = `${language ?? ""}\u0000${piece}`;
    let score = memo.get(key);
    if (score === undefined) {
      score = weigh(piece);
      memo.set(key, score);
    }
    return score;
  };
}

/** The span to answer from: its index among the text's spans, and how well it fits `type`; null for empty text. */
function chooseSpan(
  text: string,
  score: Scorer,
  type: QuestionType,
): { spans: string[]; chosen: number; fit: number } | null {
  const all = quotableBlocks(text);
  // A table of contents points at the answer but is none: quoted only when the text holds nothing else.
  const content = all.filter((group) => !isContents(group));
  const groups = content.length > 0 ? content : all;
  const spans = groups.map((group) => group.join("\n\n"));
  // A block is as relevant as its best paragraph: what introduces that paragraph only comes along.
  const scores = groups.map((group) => Math.max(...group.map(score)));
  const best = bestIndex(scores);
  if (best < 0) return null;
  const floor = (scores[best] ?? 0) * SPAN_TOLERANCE;
  let chosen = best;
  let fit = typeFit(spans[best] ?? "", type);
  for (const [i, blockScore] of scores.entries()) {
    if (i === best || blockScore < floor || type === "other") continue;
    const candidate = typeFit(spans[i] ?? "", type);
    // Steps take over from the most relevant span only as a list: a paragraph that merely says "step" is no recipe.
    if (type === "how" && candidate <= WORDED) continue;
    if (candidate > fit || (candidate === fit && blockScore > (scores[chosen] ?? 0))) [chosen, fit] = [i, candidate];
  }
  return { spans, chosen, fit };
}

/** The paragraphs of `text` worth quoting (no comments, no picture the panel never loads), grouped as they belong together. */
function quotableBlocks(text: string): string[][] {
  return blocks(paragraphs(text).filter((paragraph) => !COMMENT_ONLY.test(paragraph) && !isUnshownPicture(paragraph)));
}

/** True when all `text` holds is a table of contents ("In this section:", links to its headings): it is no answer. */
export function onlyContents(text: string): boolean {
  const all = quotableBlocks(text);
  return all.length > 0 && all.every(isContents);
}

/** True for a block that only lists links to the page's own headings, with the line that introduces them ("In this article:"). */
function isContents(group: readonly string[]): boolean {
  const lines = group.flatMap((paragraph) => paragraph.split("\n")).filter((line) => line.trim() !== "");
  const items = lines.filter(isItem);
  return (
    items.length > 0 &&
    items.every((line) => IN_PAGE_LINK_ITEM.test(line)) &&
    lines.every((line) => isItem(line) || INTRODUCES_NEXT.test(line))
  );
}

/**
 * Paragraphs that belong together: one that introduces the next ("…as follows:") with it, the items
 * of a loose list, and the steps of a numbered list after what a step introduces ("Open the panel:"
 * and its picture or code) or a picture between two steps.
 */
function blocks(all: readonly string[]): string[][] {
  const out: string[][] = [];
  let numbered = false; // whether the current block has a numbered item yet
  for (const paragraph of all) {
    const block = out.at(-1);
    const previous = block?.at(-1) ?? "";
    const continues =
      INTRODUCES_NEXT.test(previous) ||
      TABLE_ROW.test(paragraph) ||
      (isItem(previous.slice(previous.lastIndexOf("\n") + 1)) && isItem(paragraph)) ||
      (numbered && (NUMBERED_ITEM.test(paragraph) || isPicture(paragraph)));
    if (block && continues) block.push(paragraph);
    else {
      out.push([paragraph]);
      numbered = false;
    }
    numbered ||= NUMBERED_ITEM.test(paragraph);
  }
  return out;
}

/** A piece of a span: a paragraph (or the lines before a list in it) or one list item; `joiner` goes before it. */
type Unit = { text: string; item: boolean; joiner: string };

function units(spans: readonly string[]): Unit[] {
  const out: Unit[] = [];
  for (const paragraph of spans.flatMap(paragraphs)) {
    let joiner = "\n\n";
    for (const line of paragraph.split("\n")) {
      const last = out.at(-1);
      if (isItem(line) || !last || joiner === "\n\n") {
        out.push({ text: line, item: isItem(line), joiner });
        joiner = "\n";
      } else last.text = `${last.text}\n${line}`;
    }
  }
  return out;
}

/** Where to start in a list that opens the units and is too long to quote whole: its most relevant item. */
function listStart(all: readonly Unit[], score: Scorer, size: AnswerSize): number {
  let end = 0;
  let length = 0;
  for (let unit = all[0]; unit?.item; unit = all[++end]) length += unit.joiner.length + unit.text.length;
  if (end === 0 || length <= size.maxChars) return 0;
  return Math.max(0, bestIndex(all.slice(0, end).map((unit) => score(unit.text))));
}

/** The units from the first, as many as the size allows; a list is cut between items, and the steps left out are counted. */
function quote(all: readonly Unit[], score: Scorer, size: AnswerSize): Extract {
  const [first, ...rest] = all;
  if (!first) return { text: "", moreSteps: 0 };
  if (first.text.length > size.maxChars || (size.capSentences && sentences(first.text).length > size.maxSentences))
    return { text: bestSentences(first.text, score, size), moreSteps: 0 };
  let answer = first.text;
  let items = first.item ? 1 : 0;
  for (const [i, unit] of rest.entries()) {
    const tooMany = unit.item && size.capSentences && items >= size.maxSentences;
    if (tooMany || answer.length + unit.joiner.length + unit.text.length > size.maxChars) {
      return { text: answer, moreSteps: stepsIn(rest.slice(i)) };
    }
    answer = `${answer}${unit.joiner}${unit.text}`;
    if (unit.item) items++;
  }
  return { text: answer, moreSteps: 0 };
}

/** The numbered steps that open `left` (a picture between two steps belongs to them, and is no step). */
function stepsIn(left: readonly Unit[]): number {
  let steps = 0;
  for (const unit of left) {
    if (unit.item && NUMBERED_ITEM.test(unit.text)) steps++;
    else if (!isPicture(unit.text)) break;
  }
  return steps;
}

/** The most relevant sentence of a long paragraph and the ones after it, within the limit. */
function bestSentences(paragraph: string, score: Scorer, size: AnswerSize): string {
  const all = sentences(paragraph);
  const start = Math.max(0, bestIndex(all.map(score)));
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
