/** The eval's figures and its plain BM25 baseline, as plain unit tests: no server, no corpus on disk. */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { baselineIndex, readDocument } from "../../scripts/eval-baseline.ts";
import {
  MARKDOWN_HEADER,
  markdownRow,
  type QuestionResult,
  summarize,
  summarizeRetrieval,
} from "../../scripts/eval-metrics.ts";

function result(partial: Partial<QuestionResult> & Pick<QuestionResult, "id" | "expect" | "ranked">): QuestionResult {
  return {
    lang: null,
    cited: [],
    abstained: false,
    answer: "",
    language: "en",
    ms: 10,
    server_ms: 5,
    ...partial,
  };
}

// Four answerable English questions (ranks 1, 2, none, 1 with an abstention), two out of scope (one
// declined, one declined in Danish) and two cross-lingual ones (rank 3, none).
const RESULTS: QuestionResult[] = [
  result({ id: "a1", expect: ["x.md"], ranked: ["x.md", "y.md"] }),
  result({ id: "a2", expect: ["x.md", "z.md"], ranked: ["y.md", "z.md", "x.md"], ms: 30 }),
  result({ id: "a3", expect: ["x.md"], ranked: ["y.md"], ms: 20 }),
  result({ id: "a4", expect: ["y.md"], ranked: ["y.md"], abstained: true, ms: 40 }),
  result({ id: "o1", expect: [], ranked: ["y.md"], abstained: true }),
  result({ id: "o2", expect: [], ranked: [], abstained: true, lang: "da", language: "da" }),
  result({ id: "c1", expect: ["x.md"], ranked: ["y.md", "z.md", "x.md"], lang: "de", language: "de" }),
  result({ id: "c2", expect: ["x.md"], ranked: ["y.md"], lang: "sv", language: "sv" }),
];

describe("eval figures", () => {
  it("counts recall and MRR over answerable questions in the corpus's language, cross-lingual apart", () => {
    expect(summarizeRetrieval(RESULTS)).toEqual({
      recall_at_1: 0.5, // a1, a4
      recall_at_5: 0.75, // a1, a2, a4
      mrr: 0.625, // (1 + 1/2 + 0 + 1) / 4
      answerable: 4,
      cross_lingual: { total: 2, recall_at_1: 0, recall_at_5: 0.5, mrr: 0.167, in_top_5: 1 },
    });
  });

  it("counts false abstentions, out-of-scope questions declined in any language, and keeps the earlier keys", () => {
    const summary = summarize(RESULTS);
    expect(summary).toMatchObject({
      mrr: 0.625,
      false_abstentions: 1, // a4: ranked right, yet declined
      abstain_correct: 1, // the English out-of-scope question only, as before
      abstain_total: 1,
      out_of_scope_abstained: 2,
      out_of_scope: 2,
    });
    expect(summary.p50_ms).toBe(10);
    expect(summary.p95_ms).toBe(40);
  });

  it("answers zeros, not NaN, for a set without answerable questions", () => {
    const summary = summarize([result({ id: "o", expect: [], ranked: [] })]);
    expect(summary).toMatchObject({ recall_at_1: 0, recall_at_5: 0, mrr: 0, answerable: 0, out_of_scope_abstained: 0 });
  });

  it("prints a Markdown row in the header's shape, with dashes where retrieval alone has no answer", () => {
    const columns = (line: string) => line.split(" | ").length;
    const header = MARKDOWN_HEADER.split("\n")[0]!;
    const service = markdownRow("set", "Frontdesk", summarize(RESULTS));
    const baseline = markdownRow("set", "plain BM25", summarizeRetrieval(RESULTS));
    expect(service).toBe("| set | Frontdesk | 0.500 | 0.750 | 0.625 | 1 / 4 | 2 / 2 | 1 / 2 | 10 ms | 40 ms |");
    expect(baseline).toBe("| set | plain BM25 | 0.500 | 0.750 | 0.625 | — | — | 1 / 2 | — | — |");
    expect(columns(service)).toBe(columns(header));
  });
});

describe("plain BM25 baseline", () => {
  it("reads the title from front matter, else the first heading, else the file name, and drops HTML tags", () => {
    const returns = readDocument(
      "a/Returns.md",
      '---\ntitle: "Return a product"\nid: 7\n---\n\n<div class="x">30 days</div>\n',
    );
    expect(returns).toMatchObject({ id: "a/Returns.md", title: "Return a product" });
    expect(returns.text.trim()).toBe("30 days");
    expect(readDocument("faq.md", "# Frequently asked questions\n\nText.").title).toBe("Frequently asked questions");
    expect(readDocument("notes/shipping-times.txt", "Three days.").title).toBe("shipping-times");
  });

  it("ranks by stemmed content words with the title boosted, and ignores stopwords", () => {
    const index = baselineIndex([
      readDocument("returns.md", "# Returning a product\n\nSend it back within 30 days of delivery."),
      readDocument("shipping.md", "# Shipping times\n\nParcels are delivered within three working days."),
      readDocument("gift.md", "# Gift cards\n\nGift cards never expire. You can return a gift card too."),
    ]);
    expect(index.rank("how do I return my products?")[0]).toBe("returns.md"); // "return" ~ "Returning", title first
    expect(index.rank("parcel delivered?")[0]).toBe("shipping.md");
    expect(index.rank("how is it the")).toEqual([]); // only stopwords: nothing to match
  });
});

describe("eval/docs-visitors.jsonl", () => {
  const DOCS = new URL("../../docs/", import.meta.url);
  const questions = readFileSync(new URL("../../eval/docs-visitors.jsonl", import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { id: string; q: string; expect: string[]; lang?: string });

  it("expects only docs that exist, so a renamed doc fails here rather than silently as a miss", () => {
    const missing = questions.flatMap((q) => q.expect.filter((name) => !existsSync(new URL(name, DOCS))));
    expect(missing).toEqual([]);
  });

  it("keeps its shape: 40 unique questions, 5 out of scope, 5 in another language", () => {
    expect(new Set(questions.map((q) => q.id)).size).toBe(40);
    expect(questions.filter((q) => q.expect.length === 0)).toHaveLength(5);
    expect(questions.filter((q) => q.lang).map((q) => q.lang)).toEqual(["da", "de", "no", "sv", "de"]);
  });
});
