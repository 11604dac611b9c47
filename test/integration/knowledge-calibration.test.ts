/**
 * The index object keeps its calibration (`worker/knowledge/engine/calibration.ts`): measured as
 * ingest grows the index, stored beside the chunks, read — not measured — by a search, measured
 * again once the index has changed by a fifth (or by a search once writes have settled, after any
 * change), and applied to every score a search returns. The same documents give the same
 * calibration however they arrived.
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { knowledgeIndex } from "../../worker/knowledge/embedded-index";
import { ChunkTables } from "../../durable-objects/knowledge-index/chunks";
import { CALIBRATION_PROBES, parseCalibration, type Calibration } from "../../worker/knowledge/engine/calibration";
import { HELP_CENTER, SOURCE } from "./support/help-center";
import { chunksOf, indexHelpCenter, memoryEngineOf } from "./support/stored-search";

const storedCalibration = (agentId: string): Promise<Calibration | null> =>
  runInDurableObject(knowledgeIndex(env, agentId), async (_instance, state) => {
    const rows = state.storage.sql
      .exec<{ value: string }>(`SELECT value FROM index_meta WHERE key = 'calibration'`)
      .toArray();
    return parseCalibration(rows[0]?.value ?? null);
  });

/** Stores a calibration behind the object's back, then restarts it (a live object keeps what it read of its meta). */
async function storeCalibration(agentId: string, calibration: Calibration): Promise<void> {
  const index = knowledgeIndex(env, agentId);
  await runInDurableObject(index, async (_instance, state) => {
    state.storage.sql.exec(`UPDATE index_meta SET value = ? WHERE key = 'calibration'`, JSON.stringify(calibration));
  });
  await evictDurableObject(index);
}

/** The sections the index's calibration probes with (`calibrate.ts`), by heading and text. */
const probedSections = (agentId: string): Promise<string[]> =>
  runInDurableObject(knowledgeIndex(env, agentId), async (_instance, state) => {
    const { n } = state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM chunks`).one();
    return new ChunkTables(state.storage.sql)
      .spread(CALIBRATION_PROBES, n)
      .map((chunk) => `${chunk.headingPath.join(" > ")}: ${chunk.text}`);
  });

describe("the index object's calibration", () => {
  it("is measured by ingest, used by searches as stored, and measured again when it no longer fits", async () => {
    const agentId = "calibrated";
    await indexHelpCenter(agentId);
    const chunks = HELP_CENTER.reduce((n, doc) => n + doc.sections.length, 0);
    const measured = await storedCalibration(agentId);
    expect(measured).toMatchObject({ chunks, space: "embedded/offline:hash-v1:512" });
    expect(measured?.background).toBeGreaterThan(0);
    expect(measured?.factor).toBeGreaterThan(1); // a small help center: a lower background than the reference

    // A search reads the stored calibration and scales by it (a marked factor shows it was not measured again).
    const engine = await memoryEngineOf(agentId);
    const question = "How do I reset my board?";
    await storeCalibration(agentId, { ...(measured as Calibration), factor: 1.3 });
    const [best] = await knowledgeIndex(env, agentId).search(question, 3);
    expect(best?.score).toBeCloseTo((engine.searchDocuments(question, 3)[0]?.score ?? 0) * 1.3, 9);
    expect((await storedCalibration(agentId))?.factor).toBe(1.3);

    // A calibration of an index a third the size is out of date: the next search measures again.
    await storeCalibration(agentId, { ...(measured as Calibration), factor: 1.3, chunks: Math.round(chunks / 3) });
    await knowledgeIndex(env, agentId).search(question, 3);
    expect(await storedCalibration(agentId)).toEqual(measured);
  });

  it("follows the index as documents come and go", async () => {
    const agentId = "calibrated-growing";
    const index = knowledgeIndex(env, agentId);
    const [first, ...rest] = HELP_CENTER;
    await index.replaceDocument({ sourceId: SOURCE, documentId: first?.id ?? "" }, chunksOf(first as never));
    // One document: no other document to measure a background on, so the plain scale.
    expect(await storedCalibration(agentId)).toMatchObject({ factor: 1, background: null, chunks: 2 });
    for (const doc of rest) await index.replaceDocument({ sourceId: SOURCE, documentId: doc.id }, chunksOf(doc));
    const grown = await storedCalibration(agentId);
    expect(grown?.background).toBeGreaterThan(0);
    expect(grown?.chunks).toBeGreaterThan(2);
    await index.removeSource(SOURCE);
    expect(await storedCalibration(agentId)).toMatchObject({ factor: 1, chunks: 0 });
    expect(await index.search("reset", 3)).toEqual([]);
  });

  it("is the same for the same documents, whatever their order of ingest and their source ids", async () => {
    // Each document its own source (as uploaded files are), with ids drawn in the order of ingest; six
    // parts of each help center article: more chunks than probes, so which chunks probe matters.
    const docs = HELP_CENTER.flatMap((doc) =>
      [1, 2, 3, 4, 5, 6].map((part) => ({ ...doc, title: `${doc.title} (${part})` })),
    );
    const ingest = async (agentId: string, order: typeof docs) => {
      const index = knowledgeIndex(env, agentId);
      for (const [i, doc] of order.entries())
        await index.replaceDocument(
          { sourceId: `src_${String(i).padStart(2, "0")}`, documentId: doc.id },
          chunksOf(doc),
        );
      return index;
    };
    const forward = await ingest("calibrated-forward", docs);
    const backward = await ingest("calibrated-backward", [...docs].reverse());
    const question = "How do I reset my board?";
    const [a, b] = [await forward.search(question, 5), await backward.search(question, 5)];
    const [first, second] = [
      await storedCalibration("calibrated-forward"),
      await storedCalibration("calibrated-backward"),
    ];
    expect(first?.probes).toBeGreaterThan(0);
    expect(second).toEqual(first);
    expect(b.map((hit) => hit.score)).toEqual(a.map((hit) => hit.score));
    // The probes themselves: the same sections, not the first ones by (random) id.
    const probed = await probedSections("calibrated-forward");
    expect(probed).toHaveLength(CALIBRATION_PROBES);
    expect((await probedSections("calibrated-backward")).sort()).toEqual(probed.sort());
  });
});
