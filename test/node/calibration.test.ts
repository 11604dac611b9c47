/**
 * Calibration moves with the index: the same questions (eval/docs-visitors.jsonl, over this
 * repository's docs/) asked of a tiny index (docs/'s own nine pages, without the channel setup guides
 * in docs/channels/, which the questions do not ask about) and of a large one (those pages beside
 * the Arduino help center's 414 articles). Each index measures its own background with the
 * probes the index object uses, through the same ranking (the in-memory engine: the object's
 * stored search ranks identically, test/integration/knowledge-stored-search.test.ts), and a score
 * then means the same on both: the thresholds that decide on it (`NOISE_FLOOR`, `MIN_GROUNDING`) too.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CALIBRATION_PROBES,
  calibrationFrom,
  PROBE_RANKING,
  probeQuestion,
  type Calibration,
} from "../../worker/knowledge/engine/calibration";
import { type IndexedChunk, SearchEngine } from "../../worker/knowledge/engine/search-engine";
import { parseText } from "../../worker/knowledge/parsers/text";
import { splitSections } from "../../worker/knowledge/sections";

const DOCS = new URL("../../docs", import.meta.url).pathname;
const ARDUINO = new URL("../../../shared/corpora/arduino-help-center", import.meta.url).pathname;
const QUESTIONS = new URL("../../eval/docs-visitors.jsonl", import.meta.url).pathname;

type Question = { id: string; q: string; expect: string[] };

/** Every Markdown document under `root` as the index's chunks (keys relative to `root`, as the eval names them). */
function chunksUnder(root: string, prefix = ""): IndexedChunk[] {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : path.endsWith(".md") ? [path] : [];
    });
  return files(root).flatMap((path) => {
    const key = `${prefix}${relative(root, path)}`;
    const doc = parseText(path, "md", readFileSync(path));
    if (!doc || key.endsWith("README.md") || key.endsWith("LICENSE.md")) return [];
    return splitSections(doc.title, doc.markdown).map((section, i) => ({
      id: `${key}#${i}`,
      documentKey: key,
      title: doc.title,
      ...section,
    }));
  });
}

/** The order the index object spreads its probes in: by title, headings, text (then id). */
const contentOrder = (chunk: IndexedChunk) => [chunk.title, JSON.stringify(chunk.headingPath), chunk.text, chunk.id];
const byContent = (a: IndexedChunk, b: IndexedChunk) => {
  const [x, y] = [contentOrder(a), contentOrder(b)];
  const i = x.findIndex((part, j) => part !== y[j]);
  return i < 0 ? 0 : (x[i] as string) < (y[i] as string) ? -1 : 1;
};

/** The index's calibration, probed as the index object probes it: every (n / 48)-th chunk in content order. */
function calibrate(engine: SearchEngine, chunks: IndexedChunk[]): Calibration {
  const byId = [...chunks].sort(byContent);
  const step = Math.max(1, Math.floor(byId.length / CALIBRATION_PROBES));
  const probes = byId
    .filter((_, i) => (i + 1) % step === 0)
    .slice(0, CALIBRATION_PROBES)
    .map((chunk) => ({ documentKey: chunk.documentKey, question: probeQuestion(chunk) }));
  const rankings = probes.map((probe) => engine.searchDocuments(probe.question, PROBE_RANKING));
  return calibrationFrom(probes, rankings, { chunks: chunks.length, space: "offline", version: 1 });
}

function indexOf(chunks: IndexedChunk[]) {
  const engine = new SearchEngine();
  for (const chunk of chunks) engine.add(chunk);
  return { engine, calibration: calibrate(engine, chunks) };
}

/** The score of each question's first expected document, where the index ranks it first (others: left out). */
function bestScores(engine: SearchEngine, questions: Question[]): Map<string, number> {
  const scores = new Map<string, number>();
  for (const question of questions) {
    const [best] = engine.searchDocuments(question.q, 1);
    if (best && question.expect.includes(best.documentKey)) scores.set(question.id, best.score);
  }
  return scores;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe("calibration of an index's scores", () => {
  const questions = readFileSync(QUESTIONS, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Question & { lang?: string })
    .filter((question) => !question.lang);
  // The nine pages the bounds below were measured on. With the five channel guides the tiny index is
  // lifted a little more (median ratio 1.32 on 2026-12-05): a calibration question for issue 14.
  const docs = chunksUnder(DOCS).filter((chunk) => !chunk.documentKey.includes("/"));
  const tiny = indexOf(docs);
  const large = indexOf([...docs, ...chunksUnder(ARDUINO, "arduino/")]); // docs/ keys stay as they are

  it("measures a lower background on a tiny index than on a large one, and scales it up more", () => {
    expect(tiny.calibration.background).not.toBeNull();
    expect(large.calibration.background).not.toBeNull();
    expect(tiny.calibration.background as number).toBeLessThan(large.calibration.background as number);
    expect(tiny.calibration.factor).toBeGreaterThan(large.calibration.factor);
    expect(tiny.calibration.probes).toBeGreaterThanOrEqual(CALIBRATION_PROBES / 2);
  });

  it("lifts the tiny index's handicap: the answers it holds score no lower than in the large index", () => {
    const inTiny = bestScores(tiny.engine, questions);
    const inLarge = bestScores(large.engine, questions);
    const both = [...inTiny.keys()].filter((id) => inLarge.has(id));
    expect(both.length).toBeGreaterThanOrEqual(10);
    const ratio = (tinyFactor: number, largeFactor: number) =>
      median(both.map((id) => ((inTiny.get(id) as number) * tinyFactor) / ((inLarge.get(id) as number) * largeFactor)));
    // Unscaled, the same answer scores lower among nine pages than among four hundred: fewer pages share its terms…
    // (the document-level share orders documents only, so it does not move these scores: issue 14.)
    expect(ratio(1, 1)).toBeLessThan(0.95);
    // …on each index's own scale it scores about the same (a little higher: the tiny index's noise is lower too).
    expect(ratio(tiny.calibration.factor, large.calibration.factor)).toBeGreaterThan(0.95);
    expect(ratio(tiny.calibration.factor, large.calibration.factor)).toBeLessThan(1.3);
  });

  it("leaves the large index's scale about where the thresholds were set", () => {
    expect(large.calibration.factor).toBeGreaterThan(0.85);
    expect(large.calibration.factor).toBeLessThan(1.15);
  });
});
