/**
 * The document-level BM25 (`document-bm25.ts`) and how the ranking uses it: a share of the most the
 * question's terms could score, the same whichever documents are looked at, lower when the question
 * names what no document holds; it orders documents and leaves their evidence score alone.
 */
import { describe, expect, it } from "vitest";
import { type DocumentPostings, documentScores, documentTerms } from "./document-bm25";
import { SearchEngine } from "./search-engine";
import { termCounts } from "./ranking";
import { terms } from "../text";

const section = (title: string, heading: string, text: string) => ({ title, headingPath: [title, heading], text });

const DOCUMENTS: Record<string, ReturnType<typeof section>[]> = {
  servo: [
    section("Servo troubleshooting", "Jitter", "A servo that jitters is often short of current."),
    section("Servo troubleshooting", "Resets", "When the board resets as the motor starts, power it separately."),
  ],
  shipping: [section("Shipping", "Couriers", "We deliver with express couriers to most countries.")],
  account: [section("Create an account", "Sign up", "Sign up with your email address.")],
};

/** Every document's postings, or only those of `only` with the document frequencies beside them (as a stored search reads them). */
function postingsOf(only?: string[]): DocumentPostings {
  const postings = new Map<string, Map<string, number>>();
  const lengths = new Map<string, number>();
  const frequencies = new Map<string, number>();
  let totalLength = 0;
  for (const [key, chunks] of Object.entries(DOCUMENTS)) {
    const list = documentTerms(chunks);
    totalLength += list.length;
    for (const [term, f] of termCounts(list)) {
      frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
      if (only && !only.includes(key)) continue;
      const documents = postings.get(term) ?? new Map<string, number>();
      documents.set(key, f);
      postings.set(term, documents);
    }
    if (!only || only.includes(key)) lengths.set(key, list.length);
  }
  const documents = Object.keys(DOCUMENTS).length;
  return { documents, totalLength, postings, lengths, ...(only ? { frequencies } : {}) };
}

const question = (text: string) => [...new Set(terms(text))];

describe("the document-level BM25", () => {
  it("counts the title twice, each heading once and the body once", () => {
    const list = documentTerms(DOCUMENTS.servo as ReturnType<typeof section>[]);
    expect(list.filter((t) => t === terms("servo")[0])).toHaveLength(2 + 1);
    expect(list).toContain(terms("jitter")[0]);
  });

  it("is a share of the most the question's terms could score: between 0 and 1, highest for the document holding them", () => {
    const scores = documentScores(question("servo jitters and the board resets"), postingsOf());
    const servo = scores.get("servo") ?? 0;
    expect(servo).toBeGreaterThan(0.3);
    expect(servo).toBeLessThan(1);
    expect(scores.get("shipping") ?? 0).toBeLessThan(servo);
  });

  it("is lower when the question also names what no document holds (an absolute level, not relative to the best)", () => {
    const onTopic = documentScores(question("servo jitters"), postingsOf()).get("servo") ?? 0;
    const offTopic = documentScores(question("servo stock price on the exchange"), postingsOf()).get("servo") ?? 0;
    expect(offTopic).toBeGreaterThan(0);
    expect(offTopic).toBeLessThan(onTopic / 2);
  });

  it("gives a document the same share whether all postings or only the ranked documents' are read", () => {
    const list = question("servo resets when the motor starts");
    const all = documentScores(list, postingsOf());
    const ranked = documentScores(list, postingsOf(["servo"]));
    expect(ranked.get("servo")).toBeCloseTo(all.get("servo") ?? -1, 12);
    expect(ranked.has("shipping")).toBe(false);
  });
});

describe("the ranking with the document-level share", () => {
  const engine = (documentLevel: boolean) => {
    const search = new SearchEngine({ documentLevel });
    for (const [key, chunks] of Object.entries(DOCUMENTS))
      chunks.forEach((chunk, i) => search.add({ id: `${key}#${i}`, documentKey: key, ...chunk }));
    return search;
  };

  it("orders documents by it and leaves their evidence score as it was without it", () => {
    const query = "my servo jitters and the board resets";
    const withShare = engine(true).searchDocuments(query, 3);
    const without = new Map(
      engine(false)
        .searchDocuments(query, 3)
        .map((hit) => [hit.documentKey, hit]),
    );
    expect(withShare[0]?.documentKey).toBe("servo");
    for (const hit of withShare) {
      expect(hit.score).toBeCloseTo(without.get(hit.documentKey)?.score ?? -1, 12);
      expect(hit.order).toBeGreaterThanOrEqual(hit.score);
    }
    expect(withShare[0]?.order).toBeGreaterThan(withShare[0]?.score ?? Infinity);
  });
});
