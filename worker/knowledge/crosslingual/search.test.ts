/** Searching as written and in English: what the index is asked, and how the two rankings merge. */
import { describe, expect, it } from "vitest";
import { searchAcrossLanguages, TRANSLATED_MATCH_WEIGHT } from "./search";

type Hit = { documentKey: string; score: number; order?: number };

/** A fake index: answers each query from `results` (by whether it is the translated one) and records the queries. */
function fakeIndex(results: { native: Hit[]; english: Hit[] }) {
  const queries: string[] = [];
  const search = async (query: string, k: number): Promise<Hit[]> => {
    queries.push(query);
    return (queries.length === 1 ? results.native : results.english).slice(0, k);
  };
  return { queries, search };
}

describe("searchAcrossLanguages", () => {
  it("asks the index once for an English question", async () => {
    const index = fakeIndex({ native: [{ documentKey: "a", score: 0.5 }], english: [] });
    expect(await searchAcrossLanguages(index.search, "How do I reset my password?", 5)).toEqual([
      { documentKey: "a", score: 0.5 },
    ]);
    expect(index.queries).toEqual(["How do I reset my password?"]);
  });

  it("asks again in English, with the words the lexicon does not know passed through", async () => {
    const index = fakeIndex({ native: [], english: [] });
    await searchAcrossLanguages(index.search, "Hvordan nulstiller jeg min Zorblax 3000?", 5);
    expect(index.queries).toEqual(["Hvordan nulstiller jeg min Zorblax 3000?", "reset zorblax 3000"]);
  });

  it("weights translated matches below native ones, keeps each document's better match, and returns k", async () => {
    const index = fakeIndex({
      native: [
        { documentKey: "native", score: 0.6 },
        { documentKey: "both", score: 0.2 },
      ],
      english: [
        { documentKey: "english", score: 0.6 },
        { documentKey: "both", score: 0.5 },
        { documentKey: "weak", score: 0.1 },
      ],
    });
    const hits = await searchAcrossLanguages(index.search, "Jeg har glemt min adgangskode", 3);
    expect(hits.map((h) => h.documentKey)).toEqual(["native", "english", "both"]);
    expect(hits[1]?.score).toBeCloseTo(0.6 * TRANSLATED_MATCH_WEIGHT);
    expect(hits[2]?.score).toBeCloseTo(0.5 * TRANSLATED_MATCH_WEIGHT);
  });

  it("merges by the figure documents are ordered by when they carry one, and weights it as the score", async () => {
    const index = fakeIndex({
      native: [
        { documentKey: "sections", score: 0.5, order: 0.6 },
        { documentKey: "whole", score: 0.3, order: 0.55 },
      ],
      english: [{ documentKey: "whole", score: 0.3, order: 0.9 }],
    });
    const hits = await searchAcrossLanguages(index.search, "Jeg har glemt min adgangskode", 2);
    expect(hits.map((h) => h.documentKey)).toEqual(["whole", "sections"]);
    expect(hits[0]?.order).toBeCloseTo(0.9 * TRANSLATED_MATCH_WEIGHT);
    expect(hits[0]?.score).toBeCloseTo(0.3 * TRANSLATED_MATCH_WEIGHT);
  });
});
