/**
 * The language the agent replies in: the language a message is clearly written in, otherwise
 * the visitor's browser language, otherwise the agent's own language (English by default).
 * "Clearly" means more of one language's function words than of any other; Danish, Norwegian and
 * Swedish share many, so a tie between them goes to the browser's choice when it is one of them.
 */
import { z } from "zod";
import { DEFAULT_LANGUAGE, languageMarkerCounts, type Language } from "../knowledge/text";

/** A BCP 47 language tag as browsers report it (navigator.language): "da", "da-DK", "zh-Hant-TW". */
export const languageTagSchema = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "Must be a language tag like da-DK");

const MIN_MARKERS = 1; // a message without a single function word ("Opening hours?") says nothing

/** The primary language of a BCP 47 tag, lower case; Norwegian Bokmål and Nynorsk are "no". */
export function languageOfTag(tag: string | null | undefined): string | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  if (!primary || !/^[a-z]{2,3}$/.test(primary)) return null;
  return primary === "nb" || primary === "nn" ? "no" : primary;
}

/** The languages the text is clearly written in, best first (several on a tie), or none. */
export function clearLanguages(text: string): Language[] {
  const counts = Object.entries(languageMarkerCounts(text)) as [Language, number][];
  const best = Math.max(...counts.map(([, count]) => count));
  if (best < MIN_MARKERS) return [];
  return counts.filter(([, count]) => count === best).map(([language]) => language);
}

/** The language of `text` when it is clear, else null. */
export function clearLanguage(text: string): Language | null {
  return clearLanguages(text)[0] ?? null;
}

/** The reply language for `message` from a visitor whose browser says `browserLanguage`. */
export function replyLanguage(
  message: string,
  browserLanguage: string | null | undefined,
  agentLanguage: string = DEFAULT_LANGUAGE,
): string {
  const browser = languageOfTag(browserLanguage);
  const written = clearLanguages(message);
  if (written.length > 0) return browser && (written as string[]).includes(browser) ? browser : (written[0] as string);
  return browser ?? agentLanguage;
}

const ENGLISH_NAMES = new Intl.DisplayNames(["en"], { type: "language" });
/** Names already looked up (ICU's lookup costs more than the rest of a prompt line): a few codes come back every turn. */
const namesTaken = new Map<string, string>();
const MAX_NAMES_TAKEN = 256; // every ISO 639-1 code fits; a code that never comes back does not fill the isolate

/** The English name of a language ("Danish"), for prompts; the code itself when unknown. */
export function languageName(code: string): string {
  let name = namesTaken.get(code);
  if (name !== undefined) return name;
  try {
    name = ENGLISH_NAMES.of(code) ?? code;
  } catch {
    name = code;
  }
  if (namesTaken.size >= MAX_NAMES_TAKEN) namesTaken.clear();
  namesTaken.set(code, name);
  return name;
}
