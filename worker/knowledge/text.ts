/**
 * Turning text into comparable terms: Unicode-aware tokens (æøå, äöü…), lower-cased, without
 * stopwords, lightly stemmed. Shared by retrieval and by the offline model, so both read text
 * the same way.
 */

const MIN_STEM_CHARS = 3; // shorter words are kept whole: stripping "s" from "bus" only adds noise
const DOUBLE_CONSONANT = /([b-df-hj-km-np-tv-xz])\1$/; // "shipp" → "ship" after "-ing"/"-ed"; l, s, z doubled are kept
const KEPT_DOUBLES = new Set(["ll", "ss", "zz"]);

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

/** Lower-cased word tokens of `text` (letters and digits of any script), apostrophes folded in. */
export function words(text: string): string[] {
  return text.normalize("NFC").toLowerCase().replace(/['’]/g, "").match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/** A light, language-neutral suffix stemmer: plural and -ing/-ed forms meet their base word. */
export function stem(word: string): string {
  if (word.length <= MIN_STEM_CHARS) return word;
  let w = word;
  if (w.endsWith("ies") && w.length > MIN_STEM_CHARS + 2) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (/(?:[sxz]|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  for (const suffix of ["ing", "ed"]) {
    if (w.endsWith(suffix) && w.length - suffix.length >= MIN_STEM_CHARS) {
      w = w.slice(0, -suffix.length);
      const double = DOUBLE_CONSONANT.exec(w)?.[0];
      if (double && !KEPT_DOUBLES.has(double)) w = w.slice(0, -1);
      break;
    }
  }
  if (w.endsWith("e") && w.length > MIN_STEM_CHARS) w = w.slice(0, -1);
  return w;
}

/** The content terms of `text`, in order, with repeats: stopwords dropped, words stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    if (STOPWORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}

/** The distinct content terms of `text`. */
export function termSet(text: string): Set<string> {
  return new Set(terms(text));
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
