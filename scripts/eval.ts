/**
 * `npm run eval -- <corpus-dir> <questions.jsonl> [--json]`: starts Frontdesk as users do (wrangler
 * dev, fresh local state), uploads every document of the corpus through the file-upload API, waits
 * until each file source is indexed, asks every question through the preview API over HTTP and
 * reports Recall@1, Recall@5, MRR, abstention and latency. With --json, stdout carries exactly one
 * JSON object; all logs go to stderr.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { localVars, writeEnvFile } from "./lib/env-file.mjs";
import { freePort, startFrontdesk } from "./lib/frontdesk-server.mjs";
import { summarize, type QuestionResult } from "./eval-metrics.ts";
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
    ms,
    server_ms: preview.ms,
  };
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: "boolean", default: false } },
});
const [corpusArg, questionsArg] = positionals;
if (!corpusArg || !questionsArg) {
  log("usage: npm run eval -- <corpus-dir> <questions.jsonl> [--json]");
  process.exit(2);
}
const corpus = resolve(corpusArg);
const questions = readFileSync(resolve(questionsArg), "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as Question);

const scratch = mkdtempSync(join(tmpdir(), "frontdesk-eval-"));
const envFile = join(scratch, "vars.env");
writeEnvFile(envFile, localVars({ ADMIN_TOKEN })); // the offline model: OPENAI_* stay empty
const server = await startFrontdesk({
  port: await freePort(),
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
  const summary = summarize(results);
  if (values.json) process.stdout.write(`${JSON.stringify({ ...summary, questions: results })}\n`);
  else {
    for (const r of results) {
      const rank =
        r.expect.length === 0
          ? r.abstained
            ? "abstained"
            : "ANSWERED"
          : (() => {
              const i = r.ranked.findIndex((p) => r.expect.includes(p));
              return i < 0 ? "miss" : `#${i + 1}`;
            })();
      console.log(
        `${r.id.padEnd(5)} ${rank.padEnd(9)} ${r.ms.toFixed(1).padStart(7)} ms  ${r.lang ? `[${r.lang}] ` : ""}${r.answer.slice(0, 0)}${questions.find((q) => q.id === r.id)?.q}`,
      );
    }
    console.log(JSON.stringify(summary, null, 2));
  }
} finally {
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
