/**
 * The output guard's leak check, kept as the answer streams: does the answer so far contain the
 * prompt's canary (squashed: case, spaces and punctuation ignored) or a run of LEAK_RUN_WORDS words
 * of the confidential prompt? The answer is cut, as it grows, at places where squashing and
 * tokenising split exactly; only the short tail since the last cut is examined again on each piece,
 * with a few words and characters carried over the cut, so the work is linear in the answer.
 * The runs of the confidential prompt are kept per isolate for its text before the last line (the
 * agent's instructions, the same on every turn until its settings change); only the last line (the
 * turn's canary) is split into runs again. The passages' runs are needed only when a run matches.
 */
import { isAscii, words } from "../knowledge/text";

/** A run of this many words of the confidential prompt is a leak; shorter shared phrases are common speech. */
export const LEAK_RUN_WORDS = 10;

/** Case, spaces and punctuation removed: how the canary is looked for. */
export const squash = (text: string): string =>
  isAscii(text) ? text.toLowerCase().replace(/[^a-z0-9]+/g, "") : text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

/** Every run of LEAK_RUN_WORDS consecutive words of `text`. */
export function runs(text: string): Set<string> {
  const list = words(text);
  const out = new Set<string>();
  for (let i = 0; i + LEAK_RUN_WORDS <= list.length; i++) out.add(list.slice(i, i + LEAK_RUN_WORDS).join(" "));
  return out;
}

/** Where each word stands in a prompt's word list: word → its indices. */
export type WordPlaces = Map<string, number[]>;

/**
 * The runs of a text, and its last LEAK_RUN_WORDS - 1 words (a run that goes on past its end starts there);
 * its words' places and count (what the hold-back reads, leak-hold.ts).
 */
type KnownRuns = { runs: Set<string>; lastWords: string[]; longestWord: number; places: WordPlaces; count: number };

function placesOf(list: readonly string[], offset = 0): WordPlaces {
  const places: WordPlaces = new Map();
  list.forEach((word, i) => {
    const known = places.get(word);
    if (known) known.push(offset + i);
    else places.set(word, [offset + i]);
  });
  return places;
}

const MAX_KEPT_PROMPTS = 16; // a few agents' prompts (a few languages each); the oldest entry goes first
const keptRuns = new Map<string, KnownRuns>();

function knownRuns(text: string): KnownRuns {
  const kept = keptRuns.get(text);
  if (kept) return kept;
  const list = words(text);
  const known = {
    runs: runs(text),
    lastWords: list.slice(-(LEAK_RUN_WORDS - 1)),
    longestWord: list.reduce((longest, word) => Math.max(longest, word.length), 0),
    places: placesOf(list),
    count: list.length,
  };
  keptRuns.set(text, known);
  if (keptRuns.size > MAX_KEPT_PROMPTS) keptRuns.delete(keptRuns.keys().next().value!);
  return known;
}

/**
 * The confidential runs, as two sets: those of the text before its last line (kept) and those that
 * end in the last line. A line break always separates words, so together they are `runs(text)`.
 */
function confidentialRuns(text: string): { head: KnownRuns; last: Set<string>; longestWord: number } {
  const cut = text.lastIndexOf("\n");
  const head = knownRuns(cut < 0 ? "" : text.slice(0, cut));
  const lastWords = words(text.slice(cut + 1));
  const joined = [...head.lastWords, ...lastWords];
  const last = new Set<string>();
  for (let i = 0; i + LEAK_RUN_WORDS <= joined.length; i++) last.add(joined.slice(i, i + LEAK_RUN_WORDS).join(" "));
  const longestWord = lastWords.reduce((longest, word) => Math.max(longest, word.length), head.longestWord);
  return { head, last, longestWord };
}

/** The confidential text's word places: before its last line (kept per isolate) and in the last line (the turn's canary). */
export function promptPlaces(confidential: string): { head: WordPlaces; last: WordPlaces } {
  const cut = confidential.lastIndexOf("\n");
  const head = knownRuns(cut < 0 ? "" : confidential.slice(0, cut));
  return { head: head.places, last: placesOf(words(confidential.slice(cut + 1)), head.count) };
}

const ASCII_END = 0x80;
// Cutting between two of these splits NFC, lower-casing and tokenising exactly: ASCII characters
// never compose with their neighbours, and a case-ignorable one (' . : ^ `) could carry a Greek
// final-sigma decision across the cut.
const CUTS_AROUND: readonly boolean[] = Array.from(
  { length: ASCII_END },
  (_, code) => !/\p{Case_Ignorable}/u.test(String.fromCharCode(code)),
);
const ASCII_WORD = /^[A-Za-z0-9]$/;

const cutsBefore = (text: string, i: number): boolean =>
  (CUTS_AROUND[text.charCodeAt(i - 1)] ?? false) && (CUTS_AROUND[text.charCodeAt(i)] ?? false);

/** A word, or null when it is longer than every confidential word (so no run with it can leak). */
type Word = string | null;

export class LeakCheck {
  /** Characters examined so far. */
  examined = 0;
  private readonly canary: string;
  private readonly confidential: { head: KnownRuns; last: Set<string> };
  private readonly hasRuns: boolean;
  private readonly longestWord: number;
  private readonly quotable: string;
  /** The passages' runs (the answer may repeat them), split on the first run that matches. */
  private allowed: Set<string> | null = null;
  /** The answer since the last cut. */
  private tail = "";
  /** The end of the squashed answer before the cut: one character short of a canary. */
  private squashedEnd = "";
  /** The last words before the cut, one short of a run. */
  private recent: Word[] = [];
  /** The cut fell inside a word: its start, before the cut. */
  private openWord: { start: Word } | null = null;

  constructor(canary: string | undefined, confidential: string, quotable: string) {
    const { head, last, longestWord } = confidentialRuns(confidential);
    this.confidential = { head, last };
    this.hasRuns = head.runs.size > 0 || last.size > 0;
    // Words longer than any confidential word cannot be in a leaked run (a bound: quotable runs are not left out).
    this.longestWord = longestWord;
    this.quotable = quotable;
    this.canary = canary ? squash(canary) : "";
  }

  /** Takes the next piece of the answer; true when the answer so far leaks. */
  push(delta: string): boolean {
    const text = this.tail + delta;
    if (this.canary) {
      this.examined += text.length;
      if ((this.squashedEnd + squash(text)).includes(this.canary)) return true;
    }
    if (this.hasRuns) {
      this.examined += text.length;
      if (this.leaksRun(this.continueWords(words(text)))) return true;
    }
    this.cut(text);
    return false;
  }

  /** Checks every run that ends in the tail; runs before it were checked when they ended. */
  private leaksRun(tailWords: Word[]): boolean {
    const all = [...this.recent, ...tailWords];
    for (let end = Math.max(this.recent.length, LEAK_RUN_WORDS - 1); end < all.length; end++) {
      const run = all.slice(end - LEAK_RUN_WORDS + 1, end + 1);
      if (run.every((word) => word !== null) && this.leaks(run.join(" "))) return true;
    }
    return false;
  }

  /** A run of the confidential prompt that the passages do not contain too. */
  private leaks(run: string): boolean {
    if (!this.confidential.head.runs.has(run) && !this.confidential.last.has(run)) return false;
    this.allowed ??= runs(this.quotable);
    return !this.allowed.has(run);
  }

  /** The words of text after the cut, the first one joined to the open word's start. */
  private continueWords(list: string[]): Word[] {
    const out: Word[] = list.map((word) => this.fit(word));
    if (this.openWord) {
      const start = this.openWord.start;
      out[0] = start === null ? null : this.fit(start + (list[0] ?? ""));
    }
    return out;
  }

  private fit(word: string): Word {
    return word.length > this.longestWord ? null : word;
  }

  /** Moves the cut to the last place in `text` where the answer splits exactly, keeping what the next pieces need. */
  private cut(text: string): void {
    let at = text.length - 1;
    while (at > 0 && !cutsBefore(text, at)) at--;
    this.examined += text.length - at;
    if (at <= 0) {
      this.tail = text;
      return;
    }
    const done = text.slice(0, at);
    this.tail = text.slice(at);
    if (this.canary) {
      this.examined += done.length;
      const squashed = this.squashedEnd + squash(done);
      this.squashedEnd = squashed.slice(Math.max(0, squashed.length - (this.canary.length - 1)));
    }
    if (this.hasRuns) {
      this.examined += done.length;
      const list = this.continueWords(words(done));
      const inWord = ASCII_WORD.test(text.charAt(at - 1)) && ASCII_WORD.test(text.charAt(at));
      const start = inWord ? list.pop() : undefined;
      this.openWord = start === undefined ? null : { start };
      this.recent = [...this.recent, ...list].slice(-(LEAK_RUN_WORDS - 1));
    }
  }
}
