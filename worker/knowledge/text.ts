/**
 * Turning text into comparable terms: Unicode-aware tokens (æøå, äöü…), lower-cased, without
 * stopwords, lightly stemmed. Shared by retrieval and by the offline model, so both read text
 * the same way.
 */

import { stemmer as stemDanish } from "@orama/stemmers/danish";
import { stemmer as stemEnglish } from "@orama/stemmers/english";
import { stemmer as stemGerman } from "@orama/stemmers/german";
import { stemmer as stemNorwegian } from "@orama/stemmers/norwegian";
import { stemmer as stemSwedish } from "@orama/stemmers/swedish";

const MIN_STEM_CHARS = 3; // shorter words are kept whole: stripping "s" from "bus" only adds noise

/** Words that carry no topic in English and the Nordic/German languages customers write in. */
const STOPWORDS = new Set(
  [
    // English
    "a about above after again all also am an and any are as at be because been before being below between both",
    "but by can could did do does doing dont down during each few for from further get got had has have having he",
    "her here hers herself him himself his how i if im in into is it its itself ive just know let like me more most",
    "my myself need no nor not now of off on once only or other our ours ourselves out over own please same she",
    "should so some such tell than thank thanks that thats the their theirs them themselves then there these they",
    "this those through to too under until up us very want was we were what whats when where which while who whom",
    "why will with would you your youre yours yourself yourselves hi hello hey ok okay yes",
    // English question frames ("how long does it take", "is it possible to"): they carry no topic either
    "long much many take takes able possible anything something way",
    // Danish, Norwegian, Swedish
    "af alle andet andre at bare blev blive bliver da de dem den denne der deres det dette dig din dine disse dit",
    "du efter eller en end er et for fra ham han hans har havde have hej hende hendes her hos hun hvad hvem hver",
    "hvilken hvis hvor hvordan hvorfor hvornår i ikke ind jeg jer jo kan kunne man mange med meg meget men mig min",
    "mine mit mod må ned noget nogle nu når og også om op os over på sig sin sine sit skal skulle som så tak til",
    "under ud vi vil ville vor være været gerne jag och att är inte hur vad",
    // German
    "aber als am an auch auf aus bei bin bis bist da dann das dass dein deine dem den der des die dies doch du",
    "ein eine einem einen einer es für hat hatte ich ihr im in ist ja kann können mein mit nach nicht noch nur",
    "oder sie sind so über um und uns von vor war was wie wir wo zu zum zur mir mich dir dich gern gerne",
  ]
    .join(" ")
    .split(" "),
);

/** True for words that carry no topic (in the languages the stopword list covers). */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

const ASCII_END = 0x80;

/**
 * True when `text` is all ASCII, where letters, digits and case have exact ASCII-only tests. Those
 * shortcut Unicode property patterns (\p{L}) on hot paths: V8 drops a pattern's compiled code at a
 * garbage collection when it has not run lately, and compiling a Unicode property class again
 * costs about 0.3 ms, on the first message of nearly every turn.
 */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= ASCII_END) return false;
  return true;
}

/** `words` of an ASCII text: its letters (lower-cased) and digits are all of \p{L}, \p{M} and \p{N} it has. */
const ASCII_WORD_CHARS = /[a-z0-9]+/g;

/** Lower-cased word tokens of `text` (letters and digits of any script), apostrophes folded in. */
export function words(text: string): string[] {
  if (isAscii(text)) return text.toLowerCase().replaceAll("'", "").match(ASCII_WORD_CHARS) ?? [];
  return (
    text
      .normalize("NFC")
      .toLowerCase()
      .replace(/['’]/g, "")
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? []
  );
}

/** A letter, mark or digit of any script: what `words` keeps. */
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const APOSTROPHE = 0x27;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const RIGHT_QUOTE = 0x2019; // ’, folded into the word like '

/**
 * How many `words(text)` has, without building them (a prompt's word count): ASCII is told by its
 * code, other characters by the same classes; apostrophes join, as `words` folds them in.
 */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === APOSTROPHE || code === RIGHT_QUOTE) continue;
    let wordChar: boolean;
    if (code < ASCII_END)
      wordChar = (code >= DIGIT_0 && code <= DIGIT_9) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
    else {
      const char = String.fromCodePoint(text.codePointAt(i) ?? code);
      wordChar = WORD_CHAR.test(char);
      i += char.length - 1;
    }
    if (wordChar && !inWord) count++;
    inWord = wordChar;
  }
  return count;
}

/** Snowball stemmers for the languages Frontdesk's customers write in; others fall back to the light stemmer. */
const STEMMERS: Record<Language, (word: string) => string> = {
  en: stemEnglish,
  da: stemDanish,
  no: stemNorwegian,
  sv: stemSwedish,
  de: stemGerman,
};

/**
 * Words that mark a language: its most frequent function words (pronouns, auxiliaries, conjunctions,
 * prepositions). Some are shared by neighbours ("vi" in Danish, Norwegian and Swedish): those count for
 * each, and the words only one of them uses ("hvad"/"hva", "bliver"/"blir") tell them apart.
 */
const markers = (list: string): Set<string> => new Set(list.split(" "));
const LANGUAGE_MARKERS: Record<Language, Set<string>> = {
  en: markers(
    "the and is are to of in how what you your my can do does with for this that it not we where has if but or me our from",
  ),
  da: markers(
    "og er jeg det ikke hvordan hvad hvornår hvorfor når med til på af mit min kan skal ved også være " +
      "vi hvor bliver har hvis om men eller jer mig dig sig vores fra efter nu meget må",
  ),
  no: markers(
    "og er jeg det ikke hvordan hva hvorfor når med til på av mitt min kan skal ved også være " +
      "vi hvor blir har hvis om men eller dere meg deg seg vår våre fra etter nå mye må",
  ),
  sv: markers(
    "och är jag det inte hur vad när varför med till på av mitt min kan ska vid också vara " +
      "vi blir har om men eller ni mig dig sig vår våra från efter nu mycket måste",
  ),
  de: markers(
    "und ist ich das nicht wie was wann warum mit zu auf von mein kann soll bei auch sein der die " +
      "wir wo wird hat wenn aber oder ihr mich dich sich unser unsere nach jetzt sehr",
  ),
};

export type Language = "en" | "da" | "no" | "sv" | "de";
export const DEFAULT_LANGUAGE: Language = "en";

/** How many of each language's marker words `text` contains. */
export function languageMarkerCounts(text: string): Record<Language, number> {
  return markerCounts(words(text));
}

function markerCounts(tokens: readonly string[]): Record<Language, number> {
  const counts: Record<Language, number> = { en: 0, da: 0, no: 0, sv: 0, de: 0 };
  for (const [language, markers] of Object.entries(LANGUAGE_MARKERS) as [Language, Set<string>][]) {
    for (const token of tokens) if (markers.has(token)) counts[language]++;
  }
  return counts;
}

/** The language of `text` by its function words; English when nothing tells (too short, or another language). */
export function detectLanguage(text: string): Language {
  return languageOfTokens(words(text));
}

/** `detectLanguage` of a text already split into `words`. */
function languageOfTokens(tokens: readonly string[]): Language {
  let best: Language = DEFAULT_LANGUAGE;
  let bestCount = 0;
  for (const [language, count] of Object.entries(markerCounts(tokens)) as [Language, number][]) {
    if (count > bestCount) {
      best = language;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Stems already taken, per language: Snowball is most of what reading a text costs, and the same
 * words (a knowledge base's vocabulary) come back every turn. Cleared whole when full: about 3 MB a
 * language at most (words of up to 40 characters), and a vocabulary refills it within a few turns.
 */
const STEM_CACHE_LIMIT = 20_000;
const MAX_CACHED_WORD_CHARS = 40; // longer "words" are codes and hashes, which seldom come back
const stemCache: Record<Language, Map<string, string>> = {
  en: new Map(),
  da: new Map(),
  no: new Map(),
  sv: new Map(),
  de: new Map(),
};

/** True when `word` starts with a digit of any script (an ASCII one told by its code: see `isAscii`). */
function startsWithDigit(word: string): boolean {
  const code = word.charCodeAt(0);
  return code < ASCII_END ? code >= DIGIT_0 && code <= DIGIT_9 : /^\p{N}/u.test(word);
}

/** The stem of a lower-cased word in `language` (Snowball). */
export function stem(word: string, language: Language = DEFAULT_LANGUAGE): string {
  if (word.length <= MIN_STEM_CHARS || startsWithDigit(word)) return word;
  if (word.length > MAX_CACHED_WORD_CHARS) return STEMMERS[language](word);
  const cache = stemCache[language];
  let stemmed = cache.get(word);
  if (stemmed === undefined) {
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    stemmed = STEMMERS[language](word);
    cache.set(word, stemmed);
  }
  return stemmed;
}

/** The content terms of `text`, in order, with repeats: stopwords dropped, words stemmed in the text's language. */
export function terms(text: string, language?: Language): string[] {
  return termsOf(words(text), language);
}

function termsOf(tokens: readonly string[], language: Language = languageOfTokens(tokens)): string[] {
  const out: string[] = [];
  for (const word of tokens) {
    if (STOPWORDS.has(word)) continue;
    out.push(stem(word, language));
  }
  return out;
}

/** The distinct content terms of `text`. */
export function termSet(text: string, language?: Language): Set<string> {
  return new Set(terms(text, language));
}

/** `detectLanguage(text)` and `termSet(text)` at the cost of one: the text is split into words once. */
export function readText(text: string): { language: Language; terms: Set<string> } {
  const tokens = words(text);
  const language = languageOfTokens(tokens);
  return { language, terms: new Set(termsOf(tokens, language)) };
}

/** Share of the terms in `wanted` that `available` contains (0 when `wanted` is empty). */
export function coverage(wanted: ReadonlySet<string>, available: ReadonlySet<string>): number {
  if (wanted.size === 0) return 0;
  let hit = 0;
  for (const term of wanted) if (available.has(term)) hit++;
  return hit / wanted.size;
}

/** Two questions are the same question reworded when, on average both ways, half their terms are shared. */
export const SAME_QUESTION_SIMILARITY = 0.5;

/** Symmetric similarity of two questions in [0, 1]: mean of each one's coverage by the other. */
export function questionSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  return (coverage(a, b) + coverage(b, a)) / 2;
}
