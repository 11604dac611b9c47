/**
 * `npx tsx scripts/eval-quick.ts <corpus-dir> <questions.jsonl> [--half odd|even] [--verbose]`: the
 * eval's ranking figures in seconds, in process, for trying ranking changes. It ranks as the
 * service does for a preview — parsing, sections, the shared ranking (`SearchEngine`: the same
 * numbers as the index Durable Object's SQLite search), the index's calibration and cross-lingual
 * search — without wrangler, uploads or Durable Objects, so Recall@1, Recall@5, MRR and
 * cross-lingual recall match `npm run eval`. Abstention is estimated by the offline model's answer
 * function (`composeAnswer`) on the passages a turn would get (above the noise floor, the first
 * four, scores rounded as the prompt carries them); the real answer path (situations, actions,
 * language detection) can differ, so `npm run eval` confirms it. `--half` keeps every other
 * question (odd: the 1st, 3rd, …), to develop on one half and judge on the other. An answer cited
 * from a document the question does not expect is counted apart ("answered from another document"):
 * fewer "I don't know" bought with wrong answers is no gain. `--dump` prints each question (marked
 * ABSTAINED, or OTHER when answered from another document) and its ranked documents: `*` when
 * expected, `-` when under the noise floor, then score, order (score plus the document-level
 * share), the best section's IDF-weighted coverage and its share of the question's terms.
 */
import { parseArgs } from "node:util";
import { replyLanguage } from "../worker/behaviour/language";
import { searchAcrossLanguages } from "../worker/knowledge/crosslingual/search";
import { calibrated } from "../worker/knowledge/engine/calibration";
import { sectionEvidence } from "../worker/knowledge/engine/document-sections";
import type { DocumentHit } from "../worker/knowledge/engine/ranking";
import { questionReadings } from "../worker/knowledge/crosslingual/translate";
import { coverage, termSet } from "../worker/knowledge/text";
import { readQuestions } from "./lib/eval-corpus.ts";
import { calibrateInProcess, indexCorpus } from "./lib/eval-index.ts";

const RANKED = 5; // what the preview returns and Recall@5 looks at

/** A passage as the offline model reads it (`worker/agent/prompt-format.ts` PromptPassage). */
type PromptPassage = {
  id: string;
  kind: "article";
  title: string;
  text: string;
  score: number;
  coverage: number;
  citable: boolean;
};
type AnswerPath = {
  composeAnswer: (
    question: string,
    passages: PromptPassage[],
    directives: object,
  ) => { abstained: boolean; citations: { id: string }[] };
  DEFAULT_DIRECTIVES: object;
  PASSAGES_PER_TURN: number;
  NOISE_FLOOR: number;
  turnPassages: <P extends { score: number }>(answers: P[], ranked: P[], sections: P[], k: number) => P[];
};
/**
 * The answer path's modules name the Worker's types (Env, D1), which this Node project's type check
 * does not load: they are imported by path at run time, and typed here by what is used.
 */
async function answerPath(): Promise<AnswerPath> {
  const paths = ["agent/offline/answer.ts", "agent/prompt-directives.ts", "agent/turn.ts", "knowledge/retrieve.ts"];
  const modules = await Promise.all(paths.map((path) => import(`../worker/${path}`)));
  return Object.assign({}, ...modules) as AnswerPath;
}
const { composeAnswer, DEFAULT_DIRECTIVES, PASSAGES_PER_TURN, NOISE_FLOOR, turnPassages } = await answerPath();

const round = (score: number) => Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;

/**
 * Whether the offline model says "I don't know" to `question` given the ranked documents (as a turn
 * quotes them), and the document it cites when it answers.
 */
function answerOf(question: string, hits: readonly DocumentHit[]): { abstained: boolean; cited?: string } {
  const documents = hits.map((hit) =>
    hit.chunks.map((section): PromptPassage => {
      const { chunk } = section;
      const title = chunk.headingPath.join(" › ");
      const base = { id: chunk.id, kind: "article" as const, title, text: chunk.text, citable: true };
      return { ...base, score: round(sectionEvidence(hit, section)), coverage: round(section.coverage) };
    }),
  );
  const ranked = documents.flatMap((sections) => sections.slice(0, 1));
  const passages = turnPassages([], ranked, documents[0]?.slice(1) ?? [], PASSAGES_PER_TURN);
  const directives = { ...DEFAULT_DIRECTIVES, language: replyLanguage(question, null) };
  const answer = composeAnswer(question, passages, directives);
  const citedId = answer.citations[0]?.id;
  const cited = hits.find((hit) => hit.chunks.some((section) => section.chunk.id === citedId))?.documentKey;
  return { abstained: answer.abstained, ...(cited === undefined ? {} : { cited }) };
}

/** One ranked document for `--dump`: whether it is expected, its score, order, best section's coverage and heading. */
function dumpLine(question: string, n: number, hit: DocumentHit, expected: boolean): string {
  const best = hit.chunks[0];
  const available = termSet(`${best?.chunk.headingPath.join(" › ")}\n${best?.chunk.text}`);
  const terms = Math.max(...questionReadings(question).map((reading) => coverage(reading, available)));
  const figures = [hit.score, hit.order ?? hit.score, best?.coverage ?? 0, terms].map((x) => x.toFixed(2)).join(" ");
  const floor = hit.score >= NOISE_FLOOR ? " " : "-";
  return `${n + 1}${expected ? "*" : " "}${floor} ${figures} ${(best?.chunk.headingPath ?? []).join(" › ").slice(0, 80)}`;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    half: { type: "string" },
    verbose: { type: "boolean", default: false },
    dump: { type: "boolean", default: false },
  },
});
const [corpusArg, questionsArg] = positionals;
if (!corpusArg || !questionsArg || (values.half && !["odd", "even"].includes(values.half))) {
  console.error(
    "usage: npx tsx scripts/eval-quick.ts <corpus-dir> <questions.jsonl> [--half odd|even] [--verbose] [--dump]",
  );
  process.exit(2);
}
const questions = readQuestions(questionsArg, values.half);

const { engine, chunks } = await indexCorpus(corpusArg);
const calibration = calibrateInProcess(engine, chunks);
const tally = {
  answerable: 0,
  r1: 0,
  r5: 0,
  mrr: 0,
  outOfScope: 0,
  crossLingual: 0,
  crossIn5: 0,
  falseAbstained: 0,
  otherDocument: 0,
  outOfScopeAbstained: 0,
};
for (const question of questions) {
  const search = async (text: string, k: number) => engine.searchDocuments(text, k);
  const hits = calibrated(await searchAcrossLanguages(search, question.q, RANKED), calibration);
  const rank = hits.findIndex((hit) => question.expect.includes(hit.documentKey));
  const { abstained, cited } = answerOf(question.q, hits);
  if (question.expect.length === 0) {
    tally.outOfScope++;
    if (abstained) tally.outOfScopeAbstained++;
  } else if (question.lang) {
    tally.crossLingual++;
    if (rank >= 0) tally.crossIn5++;
  } else {
    tally.answerable++;
    if (abstained) tally.falseAbstained++;
    else if (cited !== undefined && !question.expect.includes(cited)) tally.otherDocument++;
    if (rank === 0) tally.r1++;
    if (rank >= 0) tally.r5++;
    if (rank >= 0) tally.mrr += 1 / (rank + 1);
  }
  if (values.verbose) {
    const place = question.expect.length === 0 ? "out" : rank < 0 ? "miss" : `#${rank + 1}`;
    const outcome = `${place}${abstained ? "?" : ""}`;
    const scores = hits.map((hit) => hit.score.toFixed(2)).join(" ");
    console.log(`${question.id.padEnd(5)} ${outcome.padEnd(5)} ${scores.padEnd(24)} ${question.q.slice(0, 70)}`);
  }
  if (values.dump) {
    const place = question.expect.length === 0 ? "out" : rank < 0 ? "miss" : `#${rank + 1}`;
    const outcome = abstained ? " ABSTAINED" : cited && !question.expect.includes(cited) ? " OTHER" : "";
    console.log(`${question.id} ${place}${outcome}: ${question.q.slice(0, 90)}`);
    for (const [n, hit] of hits.entries())
      console.log(`  ${dumpLine(question.q, n, hit, question.expect.includes(hit.documentKey))}`);
  }
}
const share = (n: number) => (n / Math.max(1, tally.answerable)).toFixed(3);
console.log(
  [
    `${questionsArg} (${values.half ?? "all"}), calibration ×${calibration.factor.toFixed(3)}:`,
    `R@1 ${share(tally.r1)} R@5 ${share(tally.r5)} MRR ${share(tally.mrr)}`,
    `(${tally.answerable} answerable, ${tally.outOfScope} out of scope)`,
    `cross-lingual in top 5 ${tally.crossIn5}/${tally.crossLingual};`,
    `estimated false "I don't know" ${tally.falseAbstained}/${tally.answerable}`,
    `(answered from another document ${tally.otherDocument}),`,
    `out of scope abstained ${tally.outOfScopeAbstained}/${tally.outOfScope}`,
  ].join(" "),
);
