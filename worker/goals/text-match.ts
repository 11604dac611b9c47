/**
 * Matching words and phrases in a visitor's message the way the goal needs it: case- and
 * diacritics-insensitive ("Prøveperiode" = "proveperiode", "Preis" = "PREIS"), on whole words
 * ("plan" is not in "planet"), with a trailing `*` on a listed word for its endings ("pric*" →
 * price, prices, pricing). Shared by the buying-intent check and the answer checks.
 */

/** Letters that carry their mark in their shape, so Unicode decomposition leaves them: spelled without it. */
const UNMARKED: Record<string, string> = { ø: "o", æ: "ae", œ: "oe", ß: "ss", đ: "d", ł: "l", þ: "th" };

/**
 * Lower case, diacritics dropped (ø as o, æ as ae, ß as ss), everything but letters and digits as single spaces, padded
 * with a space each side.
 */
export function foldText(text: string): string {
  const folded = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[øæœßđłþ]/g, (letter) => UNMARKED[letter] ?? letter)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return ` ${folded} `;
}

/** How many words the folded text has. */
export const wordCount = (folded: string): number => (folded.trim() === "" ? 0 : folded.trim().split(" ").length);

/** True when the folded text contains `phrase` (any text; folded here) as whole words. */
export function containsPhrase(folded: string, phrase: string): boolean {
  const needle = foldText(phrase).trim();
  return needle !== "" && folded.includes(` ${needle} `);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A matcher for a fixed list of terms: each term is words, and a word ending in `*` also matches
 * longer words starting with it. Built once per list (the lists are constants).
 */
export function termMatcher(terms: readonly string[]): (folded: string) => boolean {
  const alternatives = terms.map((term) =>
    term
      .trim()
      .split(/\s+/)
      .map((word) => {
        const prefix = word.endsWith("*");
        const body = escapeRegExp(foldText(prefix ? word.slice(0, -1) : word).trim());
        return prefix ? `${body}[\\p{L}\\p{N}]*` : body;
      })
      .join(" "),
  );
  const pattern = new RegExp(` (?:${alternatives.join("|")}) `, "u");
  return (folded) => pattern.test(folded);
}
