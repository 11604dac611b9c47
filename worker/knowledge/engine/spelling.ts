/**
 * Spelling correction against an index's own vocabulary: a question's term that no chunk holds
 * ("shiping", "raspbery", "certifcation") is read as the most frequent indexed term one slip away
 * (a letter left out or two swapped: `typoCandidates`), as search boxes do. Visitors type fast into a
 * chat box; a typo in the one word that names their problem used to cost the article, and, counted
 * at the weight of a word no document holds, most of the question's coverage.
 *
 * Conservative by construction: only terms no chunk holds are corrected (a real word the index
 * knows is never changed), only stems of MIN_TYPO_CHARS to MAX_TYPO_CHARS letters (shorter ones
 * have too many neighbours one slip away), at most MAX_CORRECTIONS a question, never one with
 * digits (model numbers, error codes, ports), and only to a term the index holds. The vocabulary
 * stays where the index keeps it: a caller passes its term frequencies (and a probe for the
 * guesses), so the in-memory engine and the index object correct alike.
 */
import { questionTerms } from "./ranking";
import { stem, words, detectLanguage } from "../text";

/** Stems shorter than this are not corrected: "teh", "oslo" and "pcb" have many real words one slip away. */
export const MIN_TYPO_CHARS = 5;
/** Longer "words" are pasted codes or noise: each letter adds some 30 guesses to probe. */
export const MAX_TYPO_CHARS = 20;
/**
 * At most this many of a question's terms are corrected (its first unknown ones): a pasted text of
 * unknown words costs a bounded probe, not thousands of guesses per word.
 */
export const MAX_CORRECTIONS = 3;
/** The letters an edit may add: the languages the stemmers cover. */
const LETTERS = "abcdefghijklmnopqrstuvwxyzæøåäöüß";
const LETTERS_ONLY = /^[a-zæøåäöüß]+$/;

/** Document frequencies of `terms` in the index (absent or 0: no chunk holds the term). */
export type Frequencies = (terms: readonly string[]) => ReadonlyMap<string, number>;

/**
 * The terms `term` may have been meant as: with a letter the visitor left out (the commonest slip
 * typing fast: "swich", "resitor"), with two adjacent letters swapped back ("recieve"), or without
 * its last letter (a misspelt word defeats the stemmer: "shiping" stems to "shipe", not "ship"). A
 * changed letter is not read as a slip: most real words an index lacks are one changed letter from
 * one it holds ("spill" and "still", "printer" and "pointer"), as are words of other languages.
 */
export function typoCandidates(term: string): string[] {
  const out = new Set<string>([term.slice(0, -1)]);
  for (let i = 0; i <= term.length; i++) {
    const head = term.slice(0, i);
    const tail = term.slice(i);
    if (tail.length > 1 && tail[0] !== tail[1]) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of LETTERS) out.add(head + letter + tail);
  }
  out.delete(term);
  return [...out];
}

/**
 * For each of the question's terms no chunk holds (and long enough, letters only), the indexed term
 * one slip away that most chunks hold; ties go to the alphabetically first, so a correction is the
 * same on every run.
 */
export function corrections(
  list: readonly string[],
  frequencies: Frequencies,
  probe = frequencies,
): Map<string, string> {
  const known = frequencies(list);
  const unknown = list
    .filter(
      (term) =>
        (known.get(term) ?? 0) === 0 &&
        term.length >= MIN_TYPO_CHARS &&
        term.length <= MAX_TYPO_CHARS &&
        LETTERS_ONLY.test(term),
    )
    .slice(0, MAX_CORRECTIONS);
  const found = new Map<string, string>();
  if (unknown.length === 0) return found;
  const candidates = new Map(unknown.map((term) => [term, typoCandidates(term)]));
  const counts = probe([...new Set([...candidates.values()].flat())]);
  for (const [term, list] of candidates) {
    let best: string | undefined;
    let bestCount = 0;
    for (const candidate of list) {
      const count = counts.get(candidate) ?? 0;
      if (count > bestCount || (count === bestCount && count > 0 && best !== undefined && candidate < best)) {
        best = candidate;
        bestCount = count;
      }
    }
    if (best) found.set(term, best);
  }
  return found;
}

/**
 * `query` with its misspelt words replaced by the indexed terms they were meant as (the query
 * itself when nothing is corrected). The result is read as terms only (`questionTerms`): a corrected
 * word stands as its stem, so only a stem that stems to itself can stand in (most do; about one in
 * thirty, such as "licens", which stems on to "licen", is left uncorrected).
 */
export function correctQuery(query: string, frequencies: Frequencies, probe = frequencies): string {
  const corrected = corrections(questionTerms(query), frequencies, probe);
  // Most questions have nothing to correct: they cost no language detection.
  if (corrected.size === 0) return query;
  const language = detectLanguage(query);
  const found = new Map([...corrected].filter(([, meant]) => stem(meant, language) === meant));
  if (found.size === 0) return query;
  return words(query)
    .map((word) => found.get(stem(word, language)) ?? word)
    .join(" ");
}
