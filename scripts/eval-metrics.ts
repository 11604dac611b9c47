/**
 * The evaluation's figures from per-question results: recall, MRR, abstention, reply language and
 * latency, and the Markdown table row the README's evaluation tables are made of.
 */

/** One question as ranked by a retriever: the full service or the plain BM25 baseline. */
export type RankedResult = {
  id: string;
  expect: string[];
  /** Non-null for questions not in the corpus's language: reported apart, outside the targets. */
  lang: string | null;
  /** Document names, best first, at most five. */
  ranked: string[];
  ms: number;
};

/** One question as the service answered it through preview. */
export type QuestionResult = RankedResult & {
  cited: string[];
  abstained: boolean;
  answer: string;
  /** The language the reply is in, as the service chose it (preview's `language`). */
  language: string;
  /** The time the Worker itself spent (preview's own measure), without HTTP and wrangler dev's proxy. */
  server_ms: number;
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (n: number) => Math.round(n * 1000) / 1000;

/** The 0-based rank of the first expected document, or -1 when none is among the ranked. */
export const rankOf = (r: RankedResult) => r.ranked.findIndex((name) => r.expect.includes(name));

function recall(results: RankedResult[]) {
  const n = results.length || 1;
  return {
    recall_at_1: round(results.filter((r) => rankOf(r) === 0).length / n),
    recall_at_5: round(results.filter((r) => rankOf(r) >= 0 && rankOf(r) < 5).length / n),
    mrr: round(results.reduce((sum, r) => sum + (rankOf(r) >= 0 ? 1 / (rankOf(r) + 1) : 0), 0) / n),
  };
}

const isCrossLingual = (r: RankedResult) => r.lang !== null && r.expect.length > 0;

/** Retrieval alone: recall and MRR over answerable questions in the corpus's language, cross-lingual apart. */
export function summarizeRetrieval(results: RankedResult[]) {
  const answerable = results.filter((r) => !r.lang && r.expect.length > 0);
  const crossLingual = results.filter(isCrossLingual);
  return {
    ...recall(answerable),
    answerable: answerable.length,
    cross_lingual: {
      total: crossLingual.length,
      ...recall(crossLingual),
      in_top_5: crossLingual.filter((r) => rankOf(r) >= 0 && rankOf(r) < 5).length,
    },
  };
}

/** Everything: retrieval, abstention (right and wrong) and latency. */
export function summarize(results: QuestionResult[]) {
  const monolingual = results.filter((r) => !r.lang);
  const answerable = monolingual.filter((r) => r.expect.length > 0);
  const unanswerable = monolingual.filter((r) => r.expect.length === 0);
  // Out of scope in any language: a question the knowledge does not answer is to be declined whatever it is written in.
  const outOfScope = results.filter((r) => r.expect.length === 0);
  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  const { cross_lingual, ...retrieval } = summarizeRetrieval(results);
  return {
    ...retrieval,
    abstain_correct: unanswerable.filter((r) => r.abstained).length,
    abstain_total: unanswerable.length,
    false_abstentions: answerable.filter((r) => r.abstained).length,
    out_of_scope_abstained: outOfScope.filter((r) => r.abstained).length,
    out_of_scope: outOfScope.length,
    cross_lingual,
    p50_ms: round(percentile(latencies, 50)),
    p95_ms: round(percentile(latencies, 95)),
  };
}

export type RetrievalSummary = ReturnType<typeof summarizeRetrieval>;
export type Summary = ReturnType<typeof summarize>;

const NOT_MEASURED = "—"; // the baseline gives no answer, so it neither abstains nor has a service's latency

/** The header of the README's evaluation tables; `markdownRow` gives its rows. */
export const MARKDOWN_HEADER = [
  '| Questions | System | Recall@1 | Recall@5 | MRR | False "I don\'t know" ' +
    "| Out of scope abstained | Cross-lingual in top 5 | p50 | p95 |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
].join("\n");

const fixed = (n: number) => n.toFixed(3);
const ofTotal = (count: number, total: number) => (total > 0 ? `${count} / ${total}` : NOT_MEASURED);
const ms = (n: number) => `${Math.round(n)} ms`;

/** One row of the evaluation table for a question set and a system; answer columns are "—" for retrieval alone. */
export function markdownRow(questions: string, system: string, summary: RetrievalSummary | Summary): string {
  const answered = "false_abstentions" in summary ? summary : null;
  const cells = [
    questions,
    system,
    fixed(summary.recall_at_1),
    fixed(summary.recall_at_5),
    fixed(summary.mrr),
    answered ? ofTotal(answered.false_abstentions, answered.answerable) : NOT_MEASURED,
    answered ? ofTotal(answered.out_of_scope_abstained, answered.out_of_scope) : NOT_MEASURED,
    ofTotal(summary.cross_lingual.in_top_5, summary.cross_lingual.total),
    answered ? ms(answered.p50_ms) : NOT_MEASURED,
    answered ? ms(answered.p95_ms) : NOT_MEASURED,
  ];
  return `| ${cells.join(" | ")} |`;
}
