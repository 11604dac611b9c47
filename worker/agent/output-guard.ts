/**
 * Checks an answer while it streams, so the rules hold even when a model obeys an attacker: an
 * answer that contains the prompt's canary or repeats a long run of its confidential part is
 * replaced by a refusal; images from hosts the agent does not allow lose their link (the alt
 * text stays); and emoji go when the response style says never. The last few characters are held
 * back until they are checked, so a forbidden span never reaches the visitor whole.
 */
import { words } from "../knowledge/text";

/** Characters held back while streaming: more than a canary, and the start of any run of the prompt. */
export const HOLDBACK_CHARS = 64;
/** A run of this many words of the confidential prompt is a leak; shorter shared phrases are common speech. */
export const LEAK_RUN_WORDS = 10;
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
const UNCLOSED_IMAGE = /!\[[^\]\n]*(?:\](?:\([^)]*)?)?$/;
// ©, ® and ™ are pictographic too, but they belong to product names.
const EMOJI =
  / ?(?![\u00a9\u00ae\u2122])\p{Extended_Pictographic}(?:\ufe0f|\u200d|\p{Emoji_Modifier}|\p{Extended_Pictographic})*/gu;

const squash = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

function runs(text: string): Set<string> {
  const list = words(text);
  const out = new Set<string>();
  for (let i = 0; i + LEAK_RUN_WORDS <= list.length; i++) out.add(list.slice(i, i + LEAK_RUN_WORDS).join(" "));
  return out;
}

export class OutputGuard {
  private raw = "";
  private sent = 0;
  private refusedAnswer = false;
  private readonly confidentialRuns: Set<string>;
  private readonly canary: string | null;
  private examinedChars = 0;

  constructor(private readonly options: GuardOptions) {
    const quotable = runs(options.quotable ?? "");
    this.confidentialRuns = new Set([...runs(options.confidential)].filter((run) => !quotable.has(run)));
    this.canary = options.canary ? squash(options.canary) : null;
  }

  /** True once the answer was replaced by the refusal. */
  get refused(): boolean {
    return this.refusedAnswer;
  }

  /** Characters the checks have examined so far: the guard's work, which tests bound. */
  get examined(): number {
    return this.examinedChars;
  }

  /** The answer as the visitor gets it: cleaned, or the refusal. */
  get text(): string {
    return this.refusedAnswer ? REFUSAL : this.clean(this.raw).trim();
  }

  /** Takes the next piece of the model's text; returns what may be shown now ("" while held back or refused). */
  push(delta: string): string {
    if (this.refusedAnswer) return "";
    this.raw += delta;
    if (this.leaks(this.raw)) {
      this.refusedAnswer = true;
      return "";
    }
    const cleaned = this.clean(this.raw);
    this.examinedChars += cleaned.length;
    const unclosed = UNCLOSED_IMAGE.exec(cleaned)?.index ?? cleaned.length;
    return this.release(cleaned, Math.min(unclosed, cleaned.length - HOLDBACK_CHARS));
  }

  /** The end of the answer: what is left to show. */
  end(): string {
    if (this.refusedAnswer) return "";
    const cleaned = this.clean(this.raw).trimEnd();
    return this.release(cleaned, cleaned.length);
  }

  private release(cleaned: string, upTo: number): string {
    if (upTo <= this.sent) return "";
    const out = cleaned.slice(this.sent, upTo);
    this.sent = upTo;
    return out;
  }

  private leaks(text: string): boolean {
    this.examinedChars += 2 * text.length;
    if (this.canary && squash(text).includes(this.canary)) return true;
    for (const run of runs(text)) if (this.confidentialRuns.has(run)) return true;
    return false;
  }

  private clean(text: string): string {
    this.examinedChars += 2 * text.length;
    const images = text.replace(IMAGE, (whole, alt: string, url: string) => (this.imageAllowed(url) ? whole : alt));
    return this.options.emoji === "never" ? images.replace(EMOJI, "") : images;
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
