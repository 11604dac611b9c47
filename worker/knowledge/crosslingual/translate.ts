/**
 * Query translation through the support lexicon (lexicon/): a Danish, Norwegian, Swedish or
 * German question becomes English search terms, so an agent whose knowledge is in English still
 * finds its article. Words are matched by stem (any inflection), two- and three-word expressions
 * first, and compounds ("Passwortzurücksetzung", "leveringsadresse") by their known parts. Words
 * the lexicon does not know (product names, error codes) pass through unchanged.
 */
import { detectLanguage, isStopword, type Language, languageMarkerCounts, stem, termSet, words } from "../text";
import { LEXICON } from "./lexicon/index";

type Foreign = Exclude<Language, "en">;
const FOREIGN: readonly Foreign[] = ["da", "no", "sv", "de"];
/** Languages close enough to be told apart poorly (shared function words): a word missing in one is looked up in the others. */
const RELATED: Record<Foreign, readonly Foreign[]> = { da: ["no", "sv"], no: ["da", "sv"], sv: ["no", "da"], de: [] };
const MAX_PHRASE_WORDS = 3; // the longest expression in the lexicon ("gi nytt navn")
const MIN_COMPOUND_CHARS = 7; // shorter words are rarely compounds of two known words
const MIN_PART_CHARS = 3; // "ny", "tom": parts shorter than this match too much by accident
const MIN_LONE_PART_CHARS = 5; // a part translated while the other passes through must be long enough to be trusted
const DEFINITE_ENDING = /[aeiouyæøåäö][nt]$|[nt]en$/u; // "varan", "huset", "appen"
const MIN_BARE_CHARS = 4; // a shorter stem left after cutting an ending is as likely another word

/**
 * Forms the Snowball stemmers leave whole, cut back to what they do stem: the Nordic definite article
 * ("programvaran", "appen") and German verb endings and participles ("zeigt", "gelöscht").
 */
function inflectionVariants(word: string, language: Foreign): string[] {
  const out: string[] = [];
  if (language === "de") {
    if (word.startsWith("ge") && word.endsWith("t")) out.push(word.slice(2, -1));
    if (word.endsWith("st")) out.push(word.slice(0, -2));
    if (word.endsWith("t")) out.push(word.slice(0, -1));
  } else if (DEFINITE_ENDING.test(word)) out.push(word.slice(0, -1));
  return out.filter((bare) => bare.length >= MIN_BARE_CHARS);
}
/** Joining letters between the parts of a compound: German "Liefer-ung-s-adresse", Danish "kunde-service", "levering-s-tid". */
const LINKING_SUFFIXES = ["s", "es", "e", "n", "en", "er"];

const DROP = "-"; // a lexicon line of words that carry no topic: translated to nothing
/** Native key (a stem, a raw word, or stems of an expression joined by spaces) → English words. */
type Dictionary = Map<string, string[]>;

function addEntry(dictionary: Dictionary, key: string, english: readonly string[]): void {
  const known = dictionary.get(key) ?? [];
  dictionary.set(key, [...new Set([...known, ...english])]);
}

function keyOf(tokens: readonly string[], language: Language): string {
  return tokens.map((token) => stem(token, language)).join(" ");
}

/** Each language's dictionary, built once from the lexicon text when first needed. */
let dictionaries: Record<Foreign, Dictionary> | null = null;

function dictionaryFor(language: Foreign): Dictionary {
  if (!dictionaries) {
    const built: Record<Foreign, Dictionary> = { da: new Map(), no: new Map(), sv: new Map(), de: new Map() };
    for (const line of LEXICON.split("\n")) {
      const [english, ...natives] = line.split("|");
      if (!english || natives.length !== FOREIGN.length) continue;
      const englishWords = english.trim() === DROP ? [] : english.trim().split(/\s+/);
      FOREIGN.forEach((lang, i) => {
        for (const entry of natives[i]?.trim().split(/\s+/) ?? []) {
          const tokens = words(entry.replace(/_/g, " "));
          if (tokens.length === 0) continue;
          addEntry(built[lang], keyOf(tokens, lang), englishWords);
          addEntry(built[lang], tokens.join(" "), englishWords); // the exact form, for a stem that differs
        }
      });
    }
    dictionaries = built;
  }
  return dictionaries[language];
}

/** English words for a native word or expression, looked up in `languages` in order, or null. */
export function lookup(tokens: readonly string[], languages: readonly Foreign[]): string[] | null {
  for (const lang of languages) {
    const dictionary = dictionaryFor(lang);
    const found = dictionary.get(keyOf(tokens, lang)) ?? dictionary.get(tokens.join(" "));
    if (found) return found;
    const [word] = tokens;
    if (tokens.length !== 1 || !word) continue;
    for (const bare of inflectionVariants(word, lang)) {
      const variant = dictionary.get(keyOf([bare], lang));
      if (variant) return variant;
    }
  }
  return null;
}

/** A compound's parts translated: both known, or one long known part with the other passing through. */
function lookupCompound(word: string, languages: readonly Foreign[]): string[] | null {
  if (word.length < MIN_COMPOUND_CHARS || /\p{N}/u.test(word)) return null;
  // A compound with one unknown part ("Zorblaxkabel"): the split with the shortest unknown rest, which passes through.
  let partial: string[] | null = null;
  let partialUnknownChars = Number.POSITIVE_INFINITY;
  for (let i = MIN_PART_CHARS; i <= word.length - MIN_PART_CHARS; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    const tailEnglish = lookup([tail], languages);
    const headEnglish =
      lookup([head], languages) ??
      LINKING_SUFFIXES.filter((s) => head.endsWith(s) && head.length - s.length >= MIN_PART_CHARS)
        .map((s) => lookup([head.slice(0, -s.length)], languages))
        .find((found) => found !== null) ??
      null;
    if (headEnglish && tailEnglish) return [...headEnglish, ...tailEnglish];
    const lone =
      tailEnglish && tail.length >= MIN_LONE_PART_CHARS
        ? { english: [head, ...tailEnglish], unknown: head }
        : headEnglish && head.length >= MIN_LONE_PART_CHARS
          ? { english: [...headEnglish, tail], unknown: tail }
          : null;
    if (lone && lone.unknown.length < partialUnknownChars) {
      partial = lone.english;
      partialUnknownChars = lone.unknown.length;
    }
  }
  return partial;
}

export type Translation = {
  /** The language the question was read as (the first whose lexicon was tried). */
  language: Foreign;
  /** The question as English search terms, with unknown words passed through. */
  text: string;
};

/** The lexicons to read `text` with, best first; none for English (text with English function words). */
function sourceLanguages(text: string): readonly Foreign[] {
  const detected = detectLanguage(text);
  if (detected !== "en") return [detected, ...RELATED[detected]];
  // No function words at all ("Lösenord glömt?"): any of the languages may be the one.
  return languageMarkerCounts(text).en > 0 ? [] : FOREIGN;
}

const MEMO_QUESTIONS = 128; // a turn reads its question for short answers, the index search and the answer; a bound keeps memory flat
const translations = new Map<string, Translation | null>();
const readings = new Map<string, readonly ReadonlySet<string>[]>();

/** `compute(key)`, kept in `memo` (emptied when full: the questions of the last few turns come back, older ones rarely). */
function remembered<T>(memo: Map<string, T>, key: string, compute: (key: string) => T): T {
  if (memo.has(key)) return memo.get(key) as T;
  if (memo.size >= MEMO_QUESTIONS) memo.clear();
  const value = compute(key);
  memo.set(key, value);
  return value;
}

/**
 * `text` as English search terms when it is written in Danish, Norwegian, Swedish or German and the
 * lexicon knows at least one of its words; null otherwise (English, or nothing to translate).
 */
export const translateQuery = (text: string): Translation | null => remembered(translations, text, translate);

function translate(text: string): Translation | null {
  const languages = sourceLanguages(text);
  const language = languages[0];
  if (!language) return null;
  const tokens = languages.includes("de") ? joinSeparableVerbs(words(text)) : words(text);
  const out: string[] = [];
  let translated = 0;
  for (let i = 0; i < tokens.length; ) {
    const word = tokens[i] as string;
    const { english, step } = translateAt(tokens, i, languages);
    if (english === null) out.push(word);
    else {
      out.push(...english);
      if (english.length > 0 && english.join(" ") !== word) translated++;
    }
    i += step;
  }
  return translated > 0 ? { language, text: out.join(" ") } : null;
}

/** The English for the expression starting at `tokens[i]` and how many tokens it spans; null: pass the word through. */
function translateAt(
  tokens: readonly string[],
  i: number,
  languages: readonly Foreign[],
): { english: string[] | null; step: number } {
  for (let n = Math.min(MAX_PHRASE_WORDS, tokens.length - i); n >= 2; n--) {
    const english = lookup(tokens.slice(i, i + n), languages);
    if (english) return { english, step: n };
  }
  // A verb and its particle around a pronoun ("laddar jag ner", "logge mig ind"): read as the expression.
  const [word, gap, particle] = tokens.slice(i, i + 3);
  if (!word) return { english: [], step: 1 };
  if (gap && particle && isStopword(gap)) {
    const english = lookup([word, particle], languages);
    if (english) return { english, step: 3 };
  }
  const english = lookup([word], languages) ?? (isFunctionWord(word) ? [] : lookupCompound(word, languages));
  return { english, step: 1 };
}

/** German particles that leave their verb for the end of the clause ("setze … zurück" is "zurücksetzen"). */
const SEPARABLE_PARTICLES = new Set(
  "ab an auf aus ein fest her herunter hin hoch los mit nach vor weg wieder zu zurück zusammen".split(" "),
);
const MAX_PARTICLE_DISTANCE = 12; // a particle closes the clause its verb opened (second word of a main clause)

/** German tokens with each separated particle put back on the front of the verb it belongs to, when the lexicon knows the verb. */
function joinSeparableVerbs(tokens: readonly string[]): string[] {
  const out = [...tokens];
  for (let j = out.length - 1; j > 0; j--) {
    const particle = out[j] as string;
    if (!SEPARABLE_PARTICLES.has(particle)) continue;
    for (let i = Math.max(0, j - MAX_PARTICLE_DISTANCE); i < j; i++) {
      const joined = `${particle}${out[i]}`;
      if (!lookup([joined], ["de"])) continue;
      out[i] = joined;
      out.splice(j, 1);
      break;
    }
  }
  return out;
}

/**
 * The ways to read `question` when matching it against text: its own terms, and for a question in
 * another language its English terms too (what the English knowledge says it with). A match on any
 * reading counts.
 */
export const questionReadings = (question: string): readonly ReadonlySet<string>[] =>
  remembered(readings, question, (asked) => {
    const translation = translateQuery(asked);
    return translation ? [termSet(asked), termSet(translation.text, "en")] : [termSet(asked)];
  });

/** Stopwords, and the other languages' marker words (kept out of the English text, where they would sway its detected language). */
function isFunctionWord(word: string): boolean {
  if (isStopword(word)) return true;
  const { en, ...others } = languageMarkerCounts(word);
  return en === 0 && Object.values(others).some((count) => count > 0);
}
