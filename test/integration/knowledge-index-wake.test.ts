/**
 * A woken knowledge index answers from what SQLite holds, without rebuilding: a new object on an
 * index's storage reads a small part of its rows to wake and to answer (the previous engine read
 * every chunk in its constructor); an index written by the previous version (chunks only) gets its
 * full text and vector blocks once, on its first wake after the upgrade, and one from before the
 * per-document term counts gets those once.
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { quantize } from "../../worker/knowledge/engine/embedder";
import { offlineEmbedder } from "../../worker/knowledge/engine/embedders";
import { chunkId, documentKey } from "../../worker/knowledge/document-keys";
import { knowledgeIndex } from "../../worker/knowledge/embedded-index";
import { HELP_CENTER, SOURCE } from "./support/help-center";
import {
  chunksOf,
  documentTermRows,
  idOf,
  indexHelpCenter,
  memoryEngineOf,
  rowsReadByWoken,
} from "./support/stored-search";

const PINS = 4_000; // chunks in the large index: many times what one search reads (its pool of about 260 chunks and the vector blocks)

describe("a woken knowledge index", () => {
  it("reads a small part of its rows to wake and answer: no rebuild", async () => {
    const agentId = "wake-large";
    const chunks = Array.from({ length: PINS }, (_, i) => ({
      title: "Pin reference",
      headingPath: ["Pin reference", `Pin ${i}`],
      text: `Pin ${i} of the header carries signal number ${i} for the shield.`,
    }));
    await knowledgeIndex(env, agentId).replaceDocument({ sourceId: SOURCE, documentId: "pins" }, chunks);
    await evictDurableObject(knowledgeIndex(env, agentId));

    const wake = await rowsReadByWoken(agentId, async () => {});
    let best: string | undefined;
    const wakeAndSearch = await rowsReadByWoken(agentId, async (woken) => {
      best = (await woken.search("Which pin carries signal number 1234?", 3))[0]?.chunks[0]?.chunk.headingPath[1];
    });
    expect(best).toBe("Pin 1234");
    expect(wake).toBeLessThan(10);
    expect(wakeAndSearch).toBeLessThan(PINS / 4);
    expect((await knowledgeIndex(env, agentId).status()).chunks).toBe(PINS);
  });

  it("indexes an index written by the previous version once, on its first wake after the upgrade", async () => {
    const agentId = "wake-upgrade";
    const index = knowledgeIndex(env, agentId);
    // The previous version's storage: chunk rows with their vectors, nothing else to search by.
    await runInDurableObject(index, async (_instance, state) => {
      const sql = state.storage.sql;
      for (const table of [
        "chunk_vocab",
        "chunk_fts",
        "chunk_terms",
        "chunk_term_totals",
        "vector_blocks",
        "document_term_counts",
        "document_term_df",
        "document_lengths",
        "document_term_totals",
      ])
        sql.exec(`DROP TABLE ${table}`);
      sql.exec(`DELETE FROM index_meta WHERE key IN ('search_layout', 'document_terms')`);
      for (const doc of HELP_CENTER) {
        const key = documentKey(SOURCE, doc.id);
        const inputs = chunksOf(doc);
        const vectors = await offlineEmbedder.embed(inputs.map((c) => `${c.headingPath.join(" ")} ${c.text}`));
        inputs.forEach((chunk, i) =>
          sql.exec(
            `INSERT INTO chunks (id, source_id, document_id, title, heading_path, text, vector) VALUES (?, ?, ?, ?, ?, ?, ?)`,
            chunkId(key, i),
            SOURCE,
            doc.id,
            chunk.title,
            JSON.stringify(chunk.headingPath),
            chunk.text,
            quantize(vectors[i] as Float32Array).buffer,
          ),
        );
      }
    });
    await evictDurableObject(index);

    expect(idOf((await index.search("bootloader fade", 1))[0]?.documentKey ?? "")).toBe("reset");
    const total = HELP_CENTER.reduce((n, d) => n + d.sections.length, 0);
    expect(await index.status()).toMatchObject({ chunks: total });
    // Ranked as an index built by this version ranks the same documents.
    await indexHelpCenter("wake-fresh");
    const engine = await memoryEngineOf(agentId);
    for (const question of ["my board wont reset", "refund for exam voucher", "Hvordan nulstiller jeg mit board?"]) {
      const upgraded = await index.search(question, 5);
      expect(upgraded.map((h) => h.documentKey)).toEqual(engine.searchDocuments(question, 5).map((h) => h.documentKey));
      expect(upgraded.map((h) => idOf(h.documentKey))).toEqual(
        (await knowledgeIndex(env, "wake-fresh").search(question, 5)).map((h) => idOf(h.documentKey)),
      );
    }
    // Once: the next wake reads no chunk row again.
    await evictDurableObject(index);
    expect(await rowsReadByWoken(agentId, async () => {})).toBeLessThan(10);
  });

  it("counts whole documents once, and calibrates again, on the first wake of an index from before those counts", async () => {
    const agentId = "wake-document-terms";
    const index = knowledgeIndex(env, agentId);
    await indexHelpCenter(agentId);
    await indexHelpCenter("wake-document-terms-fresh");
    const fresh = await documentTermRows("wake-document-terms-fresh");
    // The previous version's storage: chunks, full text and vectors, no per-document counts.
    await runInDurableObject(index, async (_instance, state) => {
      const sql = state.storage.sql;
      for (const table of ["document_term_counts", "document_term_df", "document_lengths", "document_term_totals"])
        sql.exec(`DROP TABLE ${table}`);
      sql.exec(`DELETE FROM index_meta WHERE key = 'document_terms'`);
      // Its calibration was measured on the ranking before the document-level share: another scale.
      const row = sql.exec<{ value: string }>(`SELECT value FROM index_meta WHERE key = 'calibration'`).one();
      const stale = JSON.stringify({ ...(JSON.parse(row.value) as object), factor: 1.4 });
      sql.exec(`UPDATE index_meta SET value = ? WHERE key = 'calibration'`, stale);
    });
    await evictDurableObject(index);

    const question = "my board wont reset";
    const upgraded = await index.search(question, 5);
    expect(await documentTermRows(agentId)).toEqual(fresh);
    expect(upgraded.map((h) => [idOf(h.documentKey), h.score])).toEqual(
      (await knowledgeIndex(env, "wake-document-terms-fresh").search(question, 5)).map((h) => [
        idOf(h.documentKey),
        h.score,
      ]),
    );
    // Once: the next wake reads no chunk row again.
    await evictDurableObject(index);
    expect(await rowsReadByWoken(agentId, async () => {})).toBeLessThan(10);
  });
});
