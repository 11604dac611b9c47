/**
 * How the offline model handles contact data, deterministically: it recognises a property in
 * the visitor's message by its label, name or synonyms, tells a question from a change ("change
 * my billing address to …"), and calls the CRM tools; once a tool has answered, it words the
 * result. When a change names no new value it asks for one, and takes the visitor's next message
 * as the value. It words all this in the reply language (crm-lines.ts); a change it only
 * announces, since the server asks the visitor to confirm it.
 */
import type { CrmPromptProperty, CrmToolResult } from "../../crm/session";
import { isAscii } from "../../knowledge/text";
import { LOOKUP_TOOL, UPDATE_TOOL } from "../crm-tools";
import { CRM_LINES, type CrmLines } from "./crm-lines";
import { isOfflineLanguage } from "./locale";

export type CrmIntent =
  | { tool: typeof LOOKUP_TOOL; input: { property: string } }
  | { tool: typeof UPDATE_TOOL; input: { property: string; value: string } }
  | { ask: string };

const CHANGE_WORDS = /\b(change|changed|update|updated|correct|set|replace|edit|fix|moved|new)\b/i;
/** What introduces the new value: "… to 12 Main St", "… is now 12 Main St", "…: 12 Main St". */
const VALUE_AFTER = /(?:\bto\b|\bis now\b|\bshould be\b|\bwill be\b|:)\s*(.+)$/is;

/** Lower case with underscores as spaces; the same length as `text`, so positions carry over. */
const normalise = (text: string): string => text.toLowerCase().replace(/_/g, " ");
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const linesFor = (language: string): CrmLines => (isOfflineLanguage(language) ? CRM_LINES[language] : CRM_LINES.en);

/** The line that asks for a new value; recognised again in the next turn (in whichever language it was said). */
export const askValueLine = (label: string, language = "en"): string => linesFor(language).askValue(label);
const askedForValue = (reply: string | null, label: string): boolean =>
  Object.values(CRM_LINES).some((lines) => reply?.trim() === lines.askValue(label));

/** Below this many words a name must appear as a whole phrase: "first name" must not match "the first thing to name". */
const MIN_WORDS_IN_ANY_ORDER = 3;

/**
 * The pattern of each name as a whole phrase, compiled once: an agent's names come back every turn.
 * Cleared whole when full (names are configuration: a few hundred per deployment is already many).
 */
const phrasePatterns = new Map<string, RegExp>();
const MAX_PHRASE_PATTERNS = 1_000;

/**
 * The whole-phrase pattern of `words`; in an ASCII text (`ascii`), the same pattern with ASCII letter
 * and digit classes, which are all of \p{L} and \p{N} such a text has (see `isAscii`).
 */
function phrasePattern(words: string, ascii: boolean): RegExp {
  const key = `${ascii ? "a" : "u"}${words}`;
  let pattern = phrasePatterns.get(key);
  if (!pattern) {
    if (phrasePatterns.size >= MAX_PHRASE_PATTERNS) phrasePatterns.clear();
    const body = escapeRegExp(words).replace(/ +/g, "\\s+");
    pattern = ascii
      ? new RegExp(`(?<![A-Za-z0-9])${body}(?![A-Za-z0-9])`)
      : new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, "u");
    phrasePatterns.set(key, pattern);
  }
  return pattern;
}

/** Where `phrase` ends in `text`: as a whole phrase, or (for longer names) with all its words present in any order, ranked lower. */
function phraseEnd(text: string, phrase: string): { end: number; weight: number } | null {
  const ascii = isAscii(text);
  const whole = (words: string) => phrasePattern(words, ascii).exec(text);
  const exact = whole(phrase);
  if (exact) return { end: exact.index + exact[0].length, weight: phrase.length * 2 };
  const words = phrase.split(" ");
  if (words.length < MIN_WORDS_IN_ANY_ORDER) return null;
  let end = 0;
  for (const word of words) {
    const found = whole(word);
    if (!found) return null;
    end = Math.max(end, found.index + found[0].length);
  }
  return { end, weight: phrase.length };
}

/** The property the message talks about (the longest name found in it), and where that name ends. */
function mentionedProperty(
  message: string,
  properties: readonly CrmPromptProperty[],
): { property: CrmPromptProperty; end: number } | null {
  const text = normalise(message);
  let best: { property: CrmPromptProperty; end: number; weight: number } | null = null;
  for (const property of properties) {
    for (const name of [property.label, property.name, ...property.synonyms]) {
      const phrase = normalise(name).replace(/\s+/g, " ").trim();
      const found = phrase ? phraseEnd(text, phrase) : null;
      if (found && (!best || found.weight > best.weight)) best = { property, ...found };
    }
  }
  return best ? { property: best.property, end: best.end } : null;
}

function newValue(message: string, end: number): string | null {
  const match = VALUE_AFTER.exec(message.slice(end));
  const value = match?.[1]
    ?.trim()
    .replace(/^["'“]|["'”.!]+$/g, "")
    .trim();
  return value ? value : null;
}

/** What the offline model does with the visitor's message about contact data, or null when it is not about any. */
export function crmIntent(
  message: string,
  previousReply: string | null,
  properties: readonly CrmPromptProperty[],
  language = "en",
): CrmIntent | null {
  const awaited = properties.find((p) => p.edit && askedForValue(previousReply, p.label));
  if (awaited) return { tool: UPDATE_TOOL, input: { property: awaited.name, value: message.trim() } };
  const mention = mentionedProperty(message, properties);
  if (!mention) return null;
  const { property } = mention;
  if (CHANGE_WORDS.test(message)) {
    const value = newValue(message, mention.end);
    if (value) return { tool: UPDATE_TOOL, input: { property: property.name, value } };
    if (property.edit) return { ask: askValueLine(property.label, language) };
  }
  return { tool: LOOKUP_TOOL, input: { property: property.name } };
}

/** The reply to a CRM tool's result, in the reply language. */
export function crmReply(result: CrmToolResult, language = "en"): string {
  const lines = linesFor(language);
  switch (result.status) {
    case "ok":
      return lines.value(result.label, result.value);
    case "no_value":
      return lines.noValue(result.label);
    case "email_needed":
      return lines.emailNeeded(result.label);
    case "verification_sent":
      return lines.linkSent(result.email);
    case "verification_unavailable":
      return result.reason === "rate_limited" ? lines.tooManyLinks : lines.linkFailed;
    case "confirmation_required":
      return lines.confirm(result.label, result.value);
    case "change_refused":
      return lines.oneChange(result.label);
    case "invalid_value":
      return lines.invalid(result.label, result.error);
    case "not_allowed":
      return lines.notAllowed(result.label);
    case "unknown_property":
      return lines.unknown;
  }
}
