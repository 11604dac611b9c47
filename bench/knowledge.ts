/**
 * Knowledge figures: ingestion throughput through the product (upload → queue → parse → index,
 * on the Arduino help center) and query latency of the in-memory search engine at 1k, 10k and 50k
 * chunks (the corpus's chunks repeated under other document keys; timed in Node). The index
 * Durable Object ranks the same way from SQLite; its own figures come from `index-do.ts`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SearchEngine } from "../worker/knowledge/engine/search-engine.ts";
import { splitSections } from "../worker/knowledge/sections.ts";
import { documentsIn, ingestFolder, type AdminTarget } from "../scripts/lib/ingest-folder.ts";

export const ARDUINO_CORPUS = new URL("../../shared/corpora/arduino-help-center", import.meta.url).pathname;
export const QUESTIONS = new URL("../../shared/eval/arduino-dev.jsonl", import.meta.url).pathname;
const SIZES = [1_000, 10_000, 50_000];
const QUERIES_PER_SIZE = 200;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export async function ingestionThroughput(target: AdminTarget): Promise<string> {
  const started = performance.now();
  const { documents, chunks } = await ingestFolder(target, ARDUINO_CORPUS);
  const seconds = (performance.now() - started) / 1000;
  return (
    `  ${documents} documents, ${chunks} chunks in ${seconds.toFixed(1)} s: ` +
    `${(documents / seconds).toFixed(1)} documents/s, ${(chunks / seconds).toFixed(0)} chunks/s`
  );
}

export function corpusChunks(): { title: string; headingPath: string[]; text: string }[] {
  return documentsIn(join(ARDUINO_CORPUS, "content")).flatMap((path) => {
    const raw = readFileSync(path, "utf8");
    const front = /^---\n([\s\S]*?)\n---\n/.exec(raw);
    const title = /title:\s*"?(.*?)"?\s*$/m.exec(front?.[1] ?? "")?.[1] ?? path;
    return splitSections(title, front ? raw.slice(front[0].length) : raw).map((s) => ({
      title,
      headingPath: s.headingPath,
      text: s.text,
    }));
  });
}

export function queryLatency(): string[] {
  const base = corpusChunks();
  const questions = readFileSync(QUESTIONS, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { q: string }).q);
  return SIZES.map((size) => {
    const engine = new SearchEngine();
    for (let i = 0; i < size; i++) {
      const chunk = base[i % base.length]!;
      const copy = Math.floor(i / base.length);
      engine.add({ id: `c${i}`, documentKey: `d${copy}:${chunk.title}`, ...chunk });
    }
    const samples: number[] = [];
    for (let i = 0; i < QUERIES_PER_SIZE; i++) {
      const started = performance.now();
      engine.searchDocuments(questions[i % questions.length]!, 5);
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    return (
      `  ${String(size).padStart(6)} chunks: ` +
      `p50 ${percentile(samples, 50).toFixed(2)} ms  p95 ${percentile(samples, 95).toFixed(2)} ms`
    );
  });
}
