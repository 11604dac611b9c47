/**
 * Checks an answer while it streams, so the rules hold even when a model obeys an attacker: an
 * answer that contains the prompt's canary or repeats a long run of its confidential part is
 * replaced by a refusal; images from hosts the agent does not allow lose their link (the alt
 * text stays); and emoji go when the response style says never. What could still become part of a
 * leak is held back until it is checked (leak-hold.ts), so a forbidden span never reaches the
 * visitor whole; the rest is shown as it comes.
 *
 * Each piece costs work in proportion to the piece, not to the answer so far: the leak check keeps
 * its own state (leak-check.ts), and cleaning cuts the answer where no image or emoji can span the
 * cut, keeping the cleaned text before the cut and cleaning only the tail again.
 */
import { isAscii } from "../knowledge/text";
import { LeakCheck, squash } from "./leak-check";
import { LeakHold } from "./leak-hold";
import { OpenImageStart } from "./open-image";

export { LEAK_RUN_WORDS } from "./leak-check";
export { HOLDBACK_CHARS } from "./leak-hold";
export const REFUSAL = "Sorry, I can't share that. Is there anything else I can help you with?";

export type GuardOptions = {
  canary?: string;
  /** The instruction part of the system prompt. */
  confidential: string;
  /** Text the answer may quote even when the confidential part says the same (the knowledge passages). */
  quotable?: string;
  allowedImageHosts: readonly string[];
  emoji: "never" | "sometimes";
};

const IMAGE = /!\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
// A start of IMAGE that the text after it could still complete: every way through IMAGE reaches the end.
const OPEN_IMAGE =
  /!(?:$|\[[^\]\n]*(?:$|\](?:$|\(\s*<?[^)\s>]*>?(?:$|\s+(?:$|"[^"]*(?:$|"\s*$)|'[^']*(?:$|'\s*$))))))/y;
// ©, ® and ™ are pictographic too, but they belong to product names.
const EMOJI =
  / ?(?![\u00a9\u00ae\u2122])\p{Extended_Pictographic}(?:\ufe0f|\u200d|\p{Emoji_Modifier}|\p{Extended_Pictographic})*/gu;
// A character that can continue an emoji before it: cleaning must not be cut in front of it.
const EMOJI_PART = /^(?:\ufe0f|\u200d|\p{Emoji_Modifier}|\p{Extended_Pictographic})/u;
const ASCII_END = 0x80;
/** EMOJI_PART at the start of `text`; an ASCII character never is one, and is told without the pattern (see `isAscii`). */
const emojiPartAt = (text: string): boolean => !(text.charCodeAt(0) < ASCII_END) && EMOJI_PART.test(text);
const LOW_SURROGATE = /^[\udc00-\udfff]/;
const HIGH_SURROGATE = /^[\ud800-\udbff]/;

export class OutputGuard {
  private refusedAnswer = false;
  private readonly leak: LeakCheck;
  private readonly hold: LeakHold;
  private examinedChars = 0;
  /** The answer since the last cut, and its cleaned text. */
  private tail = "";
  private cleanedTail = "";
  /** The cleaned text before the cut: its pieces, length, trailing whitespace and open image. */
  private readonly cleanedPieces: string[] = [];
  private cleanedLength = 0;
  private trailingSpace = 0;
  private readonly openImage = new OpenImageStart();
  /** Characters of the cleaned text shown so far, and the cleaned text between them and the cut. */
  private sent = 0;
  private unsent = "";

  constructor(private readonly options: GuardOptions) {
    this.leak = new LeakCheck(options.canary, options.confidential, options.quotable ?? "");
    this.hold = new LeakHold(options.canary ? squash(options.canary) : "", options.confidential);
  }

  /** True once the answer was replaced by the refusal. */
  get refused(): boolean {
    return this.refusedAnswer;
  }

  /** Characters the checks have examined so far: the guard's work, which tests bound. */
  get examined(): number {
    return this.examinedChars + this.leak.examined + this.hold.examined;
  }

  /** The answer as the visitor gets it: cleaned, or the refusal. */
  get text(): string {
    return this.refusedAnswer ? REFUSAL : (this.cleanedPieces.join("") + this.cleanedTail).trim();
  }

  /** Takes the next piece of the model's text; returns what may be shown now ("" while held back or refused). */
  push(delta: string): string {
    if (this.refusedAnswer) return "";
    if (this.leak.push(delta)) {
      this.refusedAnswer = true;
      return "";
    }
    this.hold.push(delta);
    this.advance(this.tail + delta);
    const open = this.openImage.copy();
    open.read(this.cleanedTail, this.cleanedLength);
    this.examinedChars += this.cleanedTail.length;
    const length = this.cleanedLength + this.cleanedTail.length;
    // Cleaning only shortens text and keeps its order: the cleaned form of the held characters is no longer than
    // they are. Trailing spaces wait too: the answer may end there (and is trimmed), or an emoji may take one.
    const trailing = this.cleanedTail.length - this.cleanedTail.trimEnd().length;
    const spaces = trailing === this.cleanedTail.length ? trailing + this.trailingSpace : trailing;
    return this.release(Math.min(open.start, length - Math.max(this.hold.chars, spaces)));
  }

  /** The end of the answer: what is left to show. */
  end(): string {
    if (this.refusedAnswer) return "";
    const tailKept = this.cleanedTail.trimEnd().length;
    return this.release(this.cleanedLength + (tailKept > 0 ? tailKept : -this.trailingSpace));
  }

  /** Cleans `text` (the tail and the new piece), moving the cut as far on as the text allows. */
  private advance(text: string): void {
    const at = this.cutIn(text);
    if (at > 0) {
      const done = this.clean(text.slice(0, at));
      this.openImage.read(done, this.cleanedLength);
      this.examinedChars += done.length;
      this.cleanedPieces.push(done);
      this.unsent = this.sent <= this.cleanedLength ? this.unsent + done : done.slice(this.sent - this.cleanedLength);
      this.cleanedLength += done.length;
      const space = done.length - done.trimEnd().length;
      this.trailingSpace = space === done.length ? this.trailingSpace + space : space;
    }
    this.tail = text.slice(Math.max(at, 0));
    this.cleanedTail = this.clean(this.tail);
  }

  /**
   * The last place in `text` where cleaning splits exactly whatever follows, or 0: no image match
   * spans it and every image start before it is settled, and the character after it starts no
   * image and continues no emoji.
   */
  private cutIn(text: string): number {
    this.examinedChars += text.length;
    const matches = [...text.matchAll(IMAGE)].map((m) => [m.index, m.index + m[0].length] as const);
    // What follows the last character (or the last two, when they may be half a surrogate pair) may still join it.
    let last = HIGH_SURROGATE.test(text.slice(-1)) ? text.length - 2 : text.length - 1;
    let next = 0;
    for (let bang = text.indexOf("!"); bang !== -1 && bang < last; bang = text.indexOf("!", bang + 1)) {
      while ((matches[next]?.[1] ?? Number.POSITIVE_INFINITY) <= bang) next++;
      if ((matches[next]?.[0] ?? Number.POSITIVE_INFINITY) <= bang) continue; // inside or at a match
      OPEN_IMAGE.lastIndex = bang;
      if (OPEN_IMAGE.test(text)) last = bang;
    }
    let match = matches.length - 1;
    for (let at = last; at > 0; at--) {
      while ((matches[match]?.[0] ?? Number.NEGATIVE_INFINITY) >= at) match--;
      if ((matches[match]?.[1] ?? Number.NEGATIVE_INFINITY) > at) continue; // inside a match
      const rest = text.slice(at, at + 2);
      if (text[at] !== "!" && !LOW_SURROGATE.test(rest) && !emojiPartAt(rest)) return at;
    }
    return 0;
  }

  private release(upTo: number): string {
    if (upTo <= this.sent) return "";
    const done = this.cleanedLength;
    let out = this.sent < done ? this.unsent.slice(0, Math.min(upTo, done) - this.sent) : "";
    if (upTo > done) out += this.cleanedTail.slice(Math.max(this.sent, done) - done, upTo - done);
    this.unsent = upTo < done ? this.unsent.slice(upTo - this.sent) : "";
    this.sent = upTo;
    return out;
  }

  private clean(text: string): string {
    this.examinedChars += 2 * text.length;
    const images = text.replace(IMAGE, (whole, alt: string, url: string) => (this.imageAllowed(url) ? whole : alt));
    // No ASCII character is pictographic: an ASCII text is left as it is without running EMOJI (see `isAscii`).
    return this.options.emoji === "never" && !isAscii(images) ? images.replace(EMOJI, "") : images;
  }

  private imageAllowed(url: string): boolean {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "https:" && this.options.allowedImageHosts.includes(parsed.hostname.toLowerCase());
    } catch {
      return false;
    }
  }
}
