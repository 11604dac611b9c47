/** The evaluation's figures from per-question results: recall, MRR, abstention and latency. */

export type QuestionResult = {
  id: string;
  expect: string[];
  /** Non-null for questions not in the corpus's language: reported apart, outside the targets. */
  lang: string | null;
  ranked: string[];
  cited: string[];
  abstained: boolean;
  answer: string;
  ms: number;
  /** The time the Worker itself spent (preview's own measure), without HTTP and wrangler dev's proxy. */
  server_ms: number;
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (n: number) => Math.round(n * 1000) / 1000;

function recall(results: QuestionResult[]) {
  const rankOf = (r: QuestionResult) => r.ranked.findIndex((path) => r.expect.includes(path));
  const n = results.length || 1;
  return {
    recall_at_1: round(results.filter((r) => rankOf(r) === 0).length / n),
    recall_at_5: round(results.filter((r) => rankOf(r) >= 0 && rankOf(r) < 5).length / n),
    mrr: round(results.reduce((sum, r) => sum + (rankOf(r) >= 0 ? 1 / (rankOf(r) + 1) : 0), 0) / n),
  };
}

export function summarize(results: QuestionResult[]) {
  const monolingual = results.filter((r) => !r.lang);
  const answerable = monolingual.filter((r) => r.expect.length > 0);
  const unanswerable = monolingual.filter((r) => r.expect.length === 0);
  const crossLingual = results.filter((r) => r.lang && r.expect.length > 0);
  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    ...recall(answerable),
    answerable: answerable.length,
    abstain_correct: unanswerable.filter((r) => r.abstained).length,
    abstain_total: unanswerable.length,
    false_abstentions: answerable.filter((r) => r.abstained).length,
    cross_lingual: { total: crossLingual.length, ...recall(crossLingual) },
    p50_ms: round(percentile(latencies, 50)),
    p95_ms: round(percentile(latencies, 95)),
  };
}
