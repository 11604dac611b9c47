import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { correctQuery, corrections, MAX_CORRECTIONS, MAX_TYPO_CHARS, MIN_TYPO_CHARS, typoCandidates } from "./spelling";
import { questionTerms } from "./ranking";

/** Document frequencies from a fixed vocabulary, as an index would give them. */
const vocabulary = (counts: Record<string, number>) => (list: readonly string[]) =>
  new Map(list.map((term) => [term, counts[term] ?? 0]));

describe("typo candidates", () => {
  it("put back a left-out letter, swap two adjacent letters back, or drop a last letter the stemmer left", () => {
    const guesses = typoCandidates("swich");
    expect(guesses).toContain("switch"); // a letter left out
    expect(guesses).toContain("wsich"); // two letters swapped
    expect(guesses).toContain("swic"); // the last letter dropped
    expect(guesses).not.toContain("swich");
    // A changed letter is not a slip: most words an index lacks are one changed letter from one it holds.
    expect(typoCandidates("spill")).not.toContain("still");
    expect(typoCandidates("printer")).not.toContain("pointer");
  });
});

describe("corrections against an index's vocabulary", () => {
  const known = vocabulary({ switch: 34, ship: 30, resistor: 12, restor: 27, sketch: 200, port: 90, com5: 3 });

  it("reads a term no chunk holds as the most frequent indexed term one slip away", () => {
    expect(corrections(["swich", "resitor"], known)).toEqual(
      new Map([
        ["swich", "switch"],
        ["resitor", "resistor"], // "restor" is more frequent but a changed letter away
      ]),
    );
  });

  it("never changes a term the index holds, a short one, or one with digits", () => {
    expect(corrections(["sketch", "skech"], known)).toEqual(new Map([["skech", "sketch"]]));
    expect(corrections(["prt"], known).size).toBe(0); // "port" is one letter away, but "prt" is too short to tell
    expect(corrections(["com55"], known).size).toBe(0); // ports, model numbers and error codes are not words
  });

  it("probes a bounded number of guesses, however much unknown text a question holds", () => {
    let probed = 0;
    const probe = (list: readonly string[]) => {
      probed += list.length;
      return known(list);
    };
    const noise = Array.from({ length: 60 }, (_, i) => `qwertzuiopasdfghjklyxcvbnm`.slice(0, 6 + (i % 20)));
    corrections([...noise, "swich"], known, probe);
    expect(probed).toBeGreaterThan(0);
    expect(probed).toBeLessThanOrEqual(MAX_CORRECTIONS * (MAX_TYPO_CHARS + 1) * 40);
    // A word too long to be a slip is not guessed at.
    probed = 0;
    corrections(["x".repeat(MAX_TYPO_CHARS + 1)], known, probe);
    expect(probed).toBe(0);
  });

  it("leaves a term alone when nothing one slip away is indexed", () => {
    expect(corrections(["marlin", "oslo"], known).size).toBe(0);
  });

  it("chooses the same correction on every run when two candidates are as frequent", () => {
    const tied = vocabulary({ sensors: 5, sensore: 5 });
    expect(corrections(["sensor"], tied)).toEqual(new Map([["sensor", "sensore"]]));
  });

  it("asks the probe for the guesses and the frequencies for the question's own terms", () => {
    const asked: string[][] = [];
    const probe = (list: readonly string[]) => {
      asked.push([...list]);
      return known(list);
    };
    corrections(["sketch"], known, probe);
    expect(asked).toEqual([]); // nothing to correct: no guess is probed
    corrections(["swich", "sketch"], known, probe);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain("switch");
  });
});

describe("a corrected query", () => {
  const known = vocabulary({ ship: 30, spain: 0, raspberri: 5, pi: 9, cloud: 80 });

  it("reads as the terms the visitor meant, and the question itself when nothing is misspelt", () => {
    expect(questionTerms(correctQuery("fastest shiping to spain?", known))).toEqual(["fastest", "ship", "spain"]);
    expect(questionTerms(correctQuery("can i hook my raspbery pi up to the cloud", known))).toEqual(
      questionTerms("can i hook my raspberry pi up to the cloud"),
    );
    const plain = "Is there a Raspberry Pi cloud?";
    expect(correctQuery(plain, known)).toBe(plain);
  });

  it("leaves a word uncorrected when the term it was meant as would not read back as itself", () => {
    // "licens" (the stem of "license") stems on to "licen": standing in the query, it would match nothing.
    const licence = vocabulary({ licens: 40 });
    expect(corrections(["licns"], licence)).toEqual(new Map([["licns", "licens"]]));
    expect(correctQuery("renew my licnse", licence)).toBe("renew my licnse");
  });
});

describe("corrections, for any vocabulary and question", () => {
  const word = fc.stringMatching(/^[a-z]{3,12}$/);
  const vocabularies = fc.dictionary(word, fc.integer({ min: 1, max: 50 }), { maxKeys: 40 });

  it("change only terms the index lacks, and only into terms it holds one slip away", () => {
    fc.assert(
      fc.property(vocabularies, fc.array(word, { maxLength: 12 }), (counts, question) => {
        const found = corrections(question, vocabulary(counts));
        for (const [typed, meant] of found) {
          expect(counts[typed]).toBeUndefined();
          expect(counts[meant]).toBeGreaterThan(0);
          expect(typoCandidates(typed)).toContain(meant);
        }
        expect(found.size).toBeLessThanOrEqual(MAX_CORRECTIONS);
      }),
    );
  });

  it("read a held word with one letter left out as that word when no other is one slip away", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{6,12}$/), fc.nat(), (meant, at) => {
        const i = 1 + (at % (meant.length - 2)); // an inner letter: the typo keeps five letters or more
        const typed = meant.slice(0, i) + meant.slice(i + 1);
        fc.pre(typed !== meant && typed.length >= MIN_TYPO_CHARS);
        expect(corrections([typed], vocabulary({ [meant]: 3 })).get(typed)).toBe(meant);
      }),
    );
  });
});
