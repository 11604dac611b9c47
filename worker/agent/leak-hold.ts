/**
 * How much of the end of a streaming answer the output guard must still hold back: the characters
 * that could yet become part of a leak, and nothing more. Text before them can never be part of
 * one, so the visitor sees it at once — a model's first words no longer wait for 64 characters.
 *
 * - The canary: the longest end of the answer whose squashed form (squash in leak-check.ts) starts
 *   the squashed canary — kept as a string-matching automaton over the squashed characters.
 * - A run of the confidential prompt: the longest run of the answer's last complete words that
 *   also runs in the prompt's words (up to LEAK_RUN_WORDS - 1 of them: a tenth is a leak, which the
 *   leak check refuses), and the word still being written.
 *
 * Exact for answers in plain text: ASCII, the accented letters of Western European languages
 * (Latin-1's: æ ø å ä ö ü ß é…, which lower-case one to one and never compose with what follows
 * them) and common typography (dashes, curly quotes, guillemets, ellipsis, bullet, no-break space),
 * where words and squashing split at every character that is not a letter or digit. From the first
 * other character on (other scripts, combining marks, emoji) this answer is held back by the fixed
 * HOLDBACK_CHARS, as before. Work per character is constant; per word, it is
 * the number of places the word has in the prompt.
 */
import { LEAK_RUN_WORDS, promptPlaces, type WordPlaces } from "./leak-check";

/** Characters held back once the answer leaves plain text: more than a canary, and the start of a run. */
export const HOLDBACK_CHARS = 64;

/** Characters that are neither letters nor digits, and never compose: they end a word, as a space does. */
export const TYPOGRAPHY =
  "\u00a0\u00a1\u00a3\u00a7\u00ab\u00b0\u00bb\u00bf\u2013\u2014\u2018\u201c\u201d\u2022\u2026\u20ac";
const RIGHT_QUOTE = "\u2019"; // an apostrophe to words() and squash, like "'"
const ASCII_END = 0x80;
const MAX_HELD_WORDS = LEAK_RUN_WORDS - 1;

/** The squashed canary's failure table: for each matched length, the longest proper border. */
function borders(pattern: string): number[] {
  const table = [0];
  for (let i = 1, k = 0; i < pattern.length; i++) {
    while (k > 0 && pattern[i] !== pattern[k]) k = table[k - 1]!;
    if (pattern[i] === pattern[k]) k++;
    table.push(k);
  }
  return table;
}

const isAsciiWordChar = (code: number): boolean =>
  (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
/** Latin-1's letters À–ÿ but × and ÷. */
const isLatinLetter = (code: number): boolean => code >= 0xc0 && code <= 0xff && code !== 0xd7 && code !== 0xf7;
/** Upper case to lower case for ASCII and Latin-1 letters: 32 apart (ß and ÿ are lower case already). */
const isUpper = (code: number): boolean => (code >= 0x41 && code <= 0x5a) || (code >= 0xc0 && code <= 0xde);

export class LeakHold {
  /** Characters examined so far. */
  examined = 0;
  private plain = true;
  private length = 0;
  private readonly canary: string;
  private readonly canaryBorders: number[];
  private matched = 0;
  /** Where in the answer each squashed character of the current canary match starts (the last few). */
  private readonly squashedAt: number[] = [];
  private readonly places: { head: WordPlaces; last: WordPlaces } | null;
  /** For each place in the prompt where the answer's last complete words end: how many of them run there. */
  private runs = new Map<number, number>();
  /** Where the last complete words start in the answer (the last MAX_HELD_WORDS), and the longest run's length. */
  private readonly wordStarts: number[] = [];
  private runLength = 0;
  /** The word being written: where it starts and its letters so far (lower case, apostrophes left out). */
  private wordStart = -1;
  private word = "";

  constructor(canary: string, confidential: string) {
    this.canary = canary;
    this.canaryBorders = borders(canary);
    this.places = confidential ? promptPlaces(confidential) : null;
  }

  /** Characters at the end of the answer so far that must stay held back. */
  get chars(): number {
    if (!this.plain) return HOLDBACK_CHARS;
    const canary = this.matched > 0 ? this.length - this.squashedAt[this.squashedAt.length - this.matched]! : 0;
    const run =
      this.runLength > 0
        ? this.length - this.wordStarts[this.wordStarts.length - this.runLength]!
        : this.wordStart >= 0
          ? this.length - this.wordStart
          : 0;
    return Math.max(canary, run);
  }

  /** Reads the next piece of the answer. */
  push(delta: string): void {
    if (!this.plain) return;
    this.examined += delta.length;
    for (let i = 0; i < delta.length; i++, this.length++) {
      const c = delta[i]!;
      const code = c.charCodeAt(0);
      if (isAsciiWordChar(code) || isLatinLetter(code)) {
        const lower = isUpper(code) ? String.fromCharCode(code + 32) : c;
        if (this.wordStart < 0) this.wordStart = this.length;
        this.word += lower;
        this.squashed(lower);
      } else if (c === "'" || c === RIGHT_QUOTE) {
        if (this.wordStart < 0) this.wordStart = this.length;
      } else if (code < ASCII_END || TYPOGRAPHY.includes(c)) {
        this.endWord();
      } else {
        this.plain = false;
        return;
      }
    }
  }

  /** A squashed character of the answer, which starts at `this.length`: the canary match moves on. */
  private squashed(c: string): void {
    if (!this.canary) return;
    let k = this.matched;
    while (k > 0 && this.canary[k] !== c) k = this.canaryBorders[k - 1]!;
    if (this.canary[k] === c) k++;
    if (k === this.canary.length) k = this.canaryBorders[k - 1]!; // a whole canary: the leak check refuses it
    this.matched = k;
    this.squashedAt.push(this.length);
    if (this.squashedAt.length > this.canary.length) this.squashedAt.shift();
  }

  private endWord(): void {
    if (this.wordStart < 0) return;
    const start = this.wordStart;
    const word = this.word;
    this.wordStart = -1;
    this.word = "";
    if (word === "") return; // apostrophes alone: no word
    this.wordStarts.push(start);
    if (this.wordStarts.length > MAX_HELD_WORDS) this.wordStarts.shift();
    if (!this.places) return;
    const runs = new Map<number, number>();
    let longest = 0;
    for (const places of [this.places.head.get(word), this.places.last.get(word)]) {
      for (const place of places ?? []) {
        const length = Math.min((this.runs.get(place - 1) ?? 0) + 1, MAX_HELD_WORDS);
        runs.set(place, length);
        longest = Math.max(longest, length);
      }
    }
    this.runs = runs;
    this.runLength = longest;
  }
}
