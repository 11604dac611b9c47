/**
 * The index object keeps its calibration (`worker/knowledge/engine/calibration.ts`): measured as
 * ingest grows the index, stored beside the chunks, read — not measured — by a search, measured
 * again once the index has changed by a fifth, and applied to every score a search returns.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { knowledgeIndex } from "../../worker/knowledge/embedded-index";
import { parseCalibration, type Calibration } from "../../worker/knowledge/engine/calibration";
import { HELP_CENTER, SOURCE } from "./support/help-center";
import { chunksOf, indexHelpCenter, memoryEngineOf } from "./support/stored-search";

const storedCalibration = (agentId: string): Promise<Calibration | null> =>
  runInDurableObject(knowledgeIndex(env, agentId), async (_instance, state) => {
    const rows = state.storage.sql
      .exec<{ value: string }>(`SELECT value FROM index_meta WHERE key = 'calibration'`)
      .toArray();
    return parseCalibration(rows[0]?.value ?? null);
  });

const storeCalibration = (agentId: string, calibration: Calibration): Promise<void> =>
  runInDurableObject(knowledgeIndex(env, agentId), async (_instance, state) => {
    state.storage.sql.exec(`UPDATE index_meta SET value = ? WHERE key = 'calibration'`, JSON.stringify(calibration));
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
});
