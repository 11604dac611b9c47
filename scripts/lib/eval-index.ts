/**
 * An eval corpus in the in-memory engine, calibrated as the index Durable Object calibrates itself:
 * what the in-process eval scripts (`eval-quick.ts`, `offline-answers.ts`) rank with.
 */
import {
  CALIBRATION_PROBES,
  calibrationFrom,
  PROBE_RANKING,
  probeQuestion,
  type Probe,
} from "../../worker/knowledge/engine/calibration";
import { type IndexedChunk, SearchEngine } from "../../worker/knowledge/engine/search-engine";
import { readCorpus } from "./eval-corpus.ts";

const PROBE_OPENING = 500; // characters of a section a probe sees (`chunks.ts` OPENING_CHARS)

/** Every document of the corpus, split into sections as ingest does, in an in-memory engine. */
export async function indexCorpus(corpus: string): Promise<{ engine: SearchEngine; chunks: IndexedChunk[] }> {
  const engine = new SearchEngine();
  const chunks = (await readCorpus(corpus)).flatMap((document) => document.chunks);
  for (const chunk of chunks) engine.add(chunk);
  return { engine, chunks };
}

/** The index's calibration as the Durable Object measures it: probes spread over the sections in content order. */
export function calibrateInProcess(engine: SearchEngine, chunks: IndexedChunk[]) {
  const key = (c: IndexedChunk) => [c.title, c.headingPath.join("\u0000"), c.text, c.id];
  const ordered = [...chunks].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const i = x.findIndex((v, j) => v !== y[j]);
    return i < 0 ? 0 : (x[i] as string) < (y[i] as string) ? -1 : 1;
  });
  const step = Math.max(1, Math.floor(ordered.length / CALIBRATION_PROBES));
  const probes: Probe[] = [];
  for (let n = step; n <= ordered.length && probes.length < CALIBRATION_PROBES; n += step) {
    const chunk = ordered[n - 1] as IndexedChunk;
    const opening = { headingPath: chunk.headingPath, text: chunk.text.slice(0, PROBE_OPENING) };
    probes.push({ documentKey: chunk.documentKey, question: probeQuestion(opening) });
  }
  const rankings = probes.map((probe) => engine.searchDocuments(probe.question, PROBE_RANKING));
  return calibrationFrom(probes, rankings, { chunks: chunks.length, space: "eval-quick", version: 1 });
}
