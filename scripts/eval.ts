/**
 * `npm run eval -- <corpus-dir> <questions.jsonl> [--json]`: starts Frontdesk as users do (wrangler
 * dev, fresh local state), uploads every document of the corpus through the file-upload API, waits
 * until each file source is indexed, asks every question through the preview API over HTTP and
 * reports Recall@1, Recall@5, MRR, abstention, reply language and latency. With --json, stdout
 * carries exactly one JSON object; all logs go to stderr. Without it, the report ends with a Markdown
 * table row for the README. `--baseline` ranks the same questions with plain BM25 in Node instead.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { corpusIndex, rankQuestions } from "./eval-baseline.ts";
import {
  MARKDOWN_HEADER,
  markdownRow,
  rankOf,
  summarize,
  summarizeRetrieval,
  type QuestionResult,
  type RankedResult,
  type RetrievalSummary,
} from "./eval-metrics.ts";
import { localVars, writeEnvFile } from "./lib/env-file.mjs";
import { startFrontdesk } from "./lib/frontdesk-server.mjs";
import { adminRequest, ingestFolder } from "./lib/ingest-folder.ts";

const AGENT = "eval";
const WARM_UP_QUESTION = "Hello, is anyone there?";
const ADMIN_TOKEN = "eval-admin-token";

type Question = { id: string; q: string; expect: string[]; lang?: string };
type Preview = {
  answer: string;
  sources: { id: string; title: string }[];
  ranked: { name: string }[];
  abstained: boolean;
  language: string;
  ms: number;
};

const log = (...args: unknown[]) => console.error(...args);

const admin = (url: string, path: string, init: RequestInit = {}) =>
  adminRequest({ url, token: ADMIN_TOKEN, agentId: AGENT }, path, init);

async function ask(url: string, question: Question): Promise<QuestionResult> {
  const started = performance.now();
  const response = await admin(url, `/agents/${AGENT}/preview`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: question.q }),
  });
  const preview = (await response.json()) as Preview;
  const ms = performance.now() - started;
  const ranked = [...new Set(preview.ranked.map((r) => r.name))].slice(0, 5);
  return {
    id: question.id,
    expect: question.expect,
    lang: question.lang ?? null,
    ranked,
    cited: preview.sources.map((s) => s.title),
    abstained: preview.abstained,
    answer: preview.answer,
    language: preview.language,
    ms,
    server_ms: preview.ms,
  };
}

/** One line per question: its outcome (rank of the first expected document, or abstention), time and text. */
function questionLine(r: RankedResult & { abstained?: boolean; language?: string }, text: string | undefined): string {
  const rank = rankOf(r);
  const outcome = r.expect.length === 0 ? (r.abstained ? "abstained" : "ANSWERED") : rank < 0 ? "miss" : `#${rank + 1}`;
  const reply = r.abstained && r.expect.length > 0 ? " (abstained)" : "";
  const language = r.lang ? `[${r.lang}${r.language ? ` → ${r.language}` : ""}] ` : "";
  return `${r.id.padEnd(5)} ${outcome.padEnd(9)} ${r.ms.toFixed(1).padStart(7)} ms  ${language}${text}${reply}`;
}

/** Prints the results: one JSON object with --json, else a line per question, the summary and a Markdown table row. */
function report(
  questions: Question[],
  set: string,
  system: string,
  results: (RankedResult & { abstained?: boolean })[],
  summary: RetrievalSummary,
  json: boolean,
): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...summary, questions: results })}\n`);
    return;
  }
  const text = new Map(questions.map((q) => [q.id, q.q]));
  for (const r of results) console.log(questionLine(r, text.get(r.id)));
  console.log(JSON.stringify(summary, null, 2));
  console.log(`\n${MARKDOWN_HEADER}\n${markdownRow(set, system, summary)}`);
}

/** Starts Frontdesk, uploads the corpus, asks every question through preview and stops it again. */
async function askService(corpus: string, questions: Question[]): Promise<QuestionResult[]> {
  const scratch = mkdtempSync(join(tmpdir(), "frontdesk-eval-"));
  const envFile = join(scratch, "vars.env");
  writeEnvFile(envFile, localVars({ ADMIN_TOKEN })); // the offline model: OPENAI_* stay empty
  const server = await startFrontdesk({
    port: "any",
    persistTo: join(scratch, "state"),
    envFile,
    quiet: true,
  });
  try {
    await admin(server.url, `/agents/${AGENT}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Eval", personality: "professional", greeting: "Hello" }),
    });
    const ingestStarted = performance.now();
    const indexed = await ingestFolder({ url: server.url, token: ADMIN_TOKEN, agentId: AGENT }, corpus, log);
    log(
      `indexed ${indexed.documents} documents (${indexed.chunks} chunks) in ${((performance.now() - ingestStarted) / 1000).toFixed(1)} s`,
    );
    // One question that is not in the set wakes the preview path first (module load, first D1 and
    // Durable Object calls), so the latencies are those of a running service, as visitors meet it.
    await ask(server.url, { id: "warm-up", q: WARM_UP_QUESTION, expect: [] });
    const results: QuestionResult[] = [];
    for (const question of questions) results.push(await ask(server.url, question));
    return results;
  } finally {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: "boolean", default: false }, baseline: { type: "boolean", default: false } },
});
const [corpusArg, questionsArg] = positionals;
if (!corpusArg || !questionsArg) {
  log("usage: npm run eval -- [--baseline] <corpus-dir> <questions.jsonl> [--json]");
  process.exit(2);
}
const corpus = resolve(corpusArg);
const questions = readFileSync(resolve(questionsArg), "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Question);

const set = basename(questionsArg, extname(questionsArg));
if (values.baseline) {
  const results = rankQuestions(corpusIndex(corpus), questions);
  report(questions, set, "plain BM25", results, summarizeRetrieval(results), values.json);
} else {
  const results = await askService(corpus, questions);
  report(questions, set, "Frontdesk", results, summarize(results), values.json);
}
