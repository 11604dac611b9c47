/**
 * The index object benchmark's measurement, inside workerd (`bench/index-do.ts` runs it and prints
 * the table): fills an agent's `KnowledgeIndexDO` with 1k / 10k / 50k chunks of the Arduino help
 * center (repeated under other document keys) through `replaceDocument`, then times searches with
 * the runtime's own clock (Date.now(), which advances here): cold — the object evicted, then the
 * first search, both as the caller sees it (wake, constructor, first query, RPC) and inside the
 * woken object — and warm, inside the object. Prints one `INDEX_DO_BENCH {json}` line per size.
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inject, it } from "vitest";
import type { ChunkInput, KnowledgeIndexDO } from "../../../durable-objects/knowledge-index/knowledge-index";
import { knowledgeIndex } from "../../../worker/knowledge/embedded-index";

declare module "vitest" {
  export interface ProvidedContext {
    benchChunks: ChunkInput[];
    benchQuestions: string[];
  }
}

const SIZES = [1_000, 10_000, 50_000];
const WARM_QUERIES = 200; // the p95 of 200 is stable to a millisecond here
const COLD_STARTS = 5; // each eviction costs a wake: five give a median and a worst case
const K = 5; // documents per search, as a turn asks

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/** Fills the index with `size` chunks, one `replaceDocument` per (copy of a) document. */
async function fill(index: DurableObjectStub<KnowledgeIndexDO>, size: number): Promise<void> {
  const base = inject("benchChunks");
  const documents = new Map<string, ChunkInput[]>();
  for (let i = 0; i < size; i++) {
    const chunk = base[i % base.length] as ChunkInput;
    const key = `d${Math.floor(i / base.length)}:${chunk.title}`;
    documents.set(key, [...(documents.get(key) ?? []), chunk]);
  }
  await runInDurableObject(index, async (instance: KnowledgeIndexDO) => {
    for (const [key, chunks] of documents)
      await instance.replaceDocument({ sourceId: "bench", documentId: key }, chunks);
  });
}

for (const size of SIZES)
  it(`times searches at ${size} chunks`, async () => {
    const questions = inject("benchQuestions");
    const index = knowledgeIndex(env, `bench-${size}`);
    const filling = Date.now();
    await fill(index, size);
    const fillMs = Date.now() - filling;

    const coldCaller: number[] = [];
    const coldInside: number[] = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      await evictDurableObject(index);
      const started = Date.now();
      await index.search(questions[i % questions.length] as string, K);
      coldCaller.push(Date.now() - started);
      await evictDurableObject(index);
      coldInside.push(
        await runInDurableObject(index, async (instance: KnowledgeIndexDO) => {
          const inside = Date.now();
          await instance.search(questions[(i + 1) % questions.length] as string, K);
          return Date.now() - inside;
        }),
      );
    }
    const warm = await runInDurableObject(index, async (instance: KnowledgeIndexDO) => {
      const samples: number[] = [];
      for (let i = 0; i < WARM_QUERIES; i++) {
        const started = Date.now();
        await instance.search(questions[i % questions.length] as string, K);
        samples.push(Date.now() - started);
      }
      return samples;
    });
    const chunks = await index.chunkCount();
    console.log(
      `INDEX_DO_BENCH ${JSON.stringify({
        size,
        chunks,
        fillMs,
        coldCaller: { p50: percentile(coldCaller, 50), max: Math.max(...coldCaller) },
        coldInside: { p50: percentile(coldInside, 50), max: Math.max(...coldInside) },
        warm: { p50: percentile(warm, 50), p95: percentile(warm, 95), max: Math.max(...warm) },
      })}`,
    );
  });
