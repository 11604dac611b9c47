/**
 * Helpers for tests of the index object's stored search: a small help center indexed straight
 * into an agent's `KnowledgeIndexDO`, the same chunks in the in-memory `SearchEngine`, and an
 * object woken on storage whose SQL reads are counted (what a wake and a search cost).
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { KnowledgeIndexDO, type ChunkInput } from "../../../durable-objects/knowledge-index/knowledge-index";
import type { ChunkRow } from "../../../durable-objects/knowledge-index/chunks";
import { documentKey } from "../../../worker/knowledge/document-keys";
import { parseCalibration } from "../../../worker/knowledge/engine/calibration";
import { SearchEngine } from "../../../worker/knowledge/engine/search-engine";
import { knowledgeIndex } from "../../../worker/knowledge/embedded-index";
import { HELP_CENTER, SOURCE } from "./help-center";

/** A document's chunks as ingest makes them: the title, then one chunk per section under it. */
export const chunksOf = (doc: (typeof HELP_CENTER)[number]): ChunkInput[] =>
  doc.sections.map(([heading, text]) => ({ title: doc.title, headingPath: [doc.title, heading], text }));

export async function indexHelpCenter(agentId: string): Promise<void> {
  const index = knowledgeIndex(env, agentId);
  for (const doc of HELP_CENTER) await index.replaceDocument({ sourceId: SOURCE, documentId: doc.id }, chunksOf(doc));
}

/** The index object's chunks, with their stored vectors, in an in-memory engine. */
export async function memoryEngineOf(agentId: string): Promise<SearchEngine> {
  return runInDurableObject(knowledgeIndex(env, agentId), async (_instance, state) => {
    const engine = new SearchEngine();
    const rows = state.storage.sql
      .exec<ChunkRow>(`SELECT id, source_id, document_id, title, heading_path, text, vector FROM chunks`)
      .toArray();
    for (const row of rows)
      engine.add(
        {
          id: row.id,
          documentKey: documentKey(row.source_id, row.document_id),
          title: row.title,
          headingPath: JSON.parse(row.heading_path) as string[],
          text: row.text,
        },
        new Int8Array(row.vector),
      );
    return engine;
  });
}

/** The factor the index's calibration scales its scores by (`calibration.ts`): 1 when it has none. */
export async function calibrationFactor(agentId: string): Promise<number> {
  return runInDurableObject(knowledgeIndex(env, agentId), async (_instance, state) => {
    const rows = state.storage.sql
      .exec<{ value: string }>(`SELECT value FROM index_meta WHERE key = 'calibration'`)
      .toArray();
    return parseCalibration(rows[0]?.value ?? null)?.factor ?? 1;
  });
}

/** A document key's document id. */
export const idOf = (key: string): string | undefined => key.split("\u001f")[1];

/**
 * Wakes a new object on the agent's storage (as after an eviction), runs `work` on it, and returns
 * how many rows the SQL statements of the wake and the work read (every statement is counted).
 */
export async function rowsReadByWoken(
  agentId: string,
  work: (woken: KnowledgeIndexDO) => Promise<unknown>,
): Promise<number> {
  return runInDurableObject(knowledgeIndex(env, agentId), async (_instance, state) => {
    const cursors: { rowsRead: number }[] = [];
    const prototype = Object.getPrototypeOf(state.storage.sql) as SqlStorage;
    const exec = prototype.exec;
    prototype.exec = function (this: SqlStorage, query: string, ...bindings: unknown[]) {
      const cursor = exec.call(this, query, ...bindings);
      cursors.push(cursor);
      return cursor;
    } as SqlStorage["exec"];
    try {
      await work(new KnowledgeIndexDO(state, env));
    } finally {
      prototype.exec = exec;
    }
    return cursors.reduce((sum, cursor) => sum + cursor.rowsRead, 0);
  });
}
