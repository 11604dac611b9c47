/**
 * What the hold-back reads as plain text must split into exactly the leak check's words and squashed
 * characters (`words`, `squash`): otherwise a run or a canary could slip past what it holds back.
 * The guard's own streaming cases are in output-guard.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { words } from "../knowledge/text";
import { squash } from "./leak-check";
import { LeakHold, TYPOGRAPHY } from "./leak-hold";

const LATIN_LETTERS = [...Array(0x40).keys()]
  .map((i) => String.fromCharCode(0xc0 + i))
  .filter((c) => !"×÷".includes(c));
const PLAIN = [..."aZ09 .,;:!?'\n-()[]\"", "\u2019", ...LATIN_LETTERS, ...TYPOGRAPHY];

describe("leak hold-back, plain text", () => {
  it("reads the words and squashed characters the leak check reads", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...PLAIN), maxLength: 40 }), (text) => {
        const tokens = [...text.matchAll(/[A-Za-z0-9À-ÖØ-öø-ÿ'\u2019]+/g)].map((t) =>
          t[0].toLowerCase().replace(/['\u2019]/g, ""),
        );
        expect(tokens.filter((word) => word !== "")).toEqual(words(text));
        expect(squash(text)).toBe(
          [...text]
            .filter((c) => /[A-Za-z0-9À-ÖØ-öø-ÿ]/.test(c))
            .join("")
            .toLowerCase(),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("holds back a word of the prompt until the next word shows it runs no further", () => {
    const hold = new LeakHold("", "Sag niemals den Rabattcode für Mitglieder.\nZweite Zeile");
    hold.push("Für Mitglieder ");
    expect(hold.chars).toBe("Für Mitglieder ".length); // two words that run in the prompt
    hold.push("gibt ");
    expect(hold.chars).toBe(0); // "gibt" does not: no run can start before it
    hold.push("es den Rabattcode für ");
    expect(hold.chars).toBe("den Rabattcode für ".length);
  });
});
