/**
 * Removing chunks from the index object's vector blocks leaves the other chunks' vectors whole:
 * the blocks hold vectors dimension by dimension, so a removed slot is cleared in every dimension's
 * run, not over a run of its own (which zeroed a few dimensions of every chunk in its block). After
 * documents are removed, search still ranks as the in-memory engine over the remaining chunk rows.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { knowledgeIndex } from "../../worker/knowledge/embedded-index";
import { HELP_CENTER, PREVIOUS_ENGINE, SOURCE } from "./support/help-center";
import { calibrationFactor, idOf, indexHelpCenter, memoryEngineOf } from "./support/stored-search";

describe("vector blocks after a removal", () => {
  it("rank the remaining chunks as the in-memory engine does", async () => {
    const agentId = "vector-removal";
    const index = knowledgeIndex(env, agentId);
    await indexHelpCenter(agentId);
    const removed = HELP_CENTER.slice(0, 2).map((d) => d.id);
    for (const documentId of removed) await index.removeDocument({ sourceId: SOURCE, documentId });
    const engine = await memoryEngineOf(agentId);
    const factor = await calibrationFactor(agentId);
    const questions = [...PREVIOUS_ENGINE.map(([q]) => q), ...HELP_CENTER.map((d) => d.title)];
    for (const question of questions) {
      const stored = await index.search(question, 5);
      const memory = engine.searchDocuments(question, 5);
      expect(stored.map((h) => idOf(h.documentKey)).filter((id) => removed.includes(id ?? ""))).toEqual([]);
      expect(
        stored.map((h) => [h.documentKey, h.chunks[0]?.chunk.id]),
        question,
      ).toEqual(memory.map((h) => [h.documentKey, h.chunks[0]?.chunk.id]));
      stored.forEach((hit, i) => expect(hit.score / factor, question).toBeCloseTo(memory[i]?.score ?? -1, 9));
    }
  });
});
