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
import { terms } from "../../../worker/knowledge/text";
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

/**
 * What the document-level BM25 adds to each help-center document's order for `question`, worked
 * out here from the documents themselves (not from the index or the engine): BM25 over the whole
 * document — title twice, each distinct heading, the body — over the most the question's terms
 * could score (each one's IDF × 2.2), at weight 1.
 */
export function documentShares(question: string): Map<string, number> {
  const docs = HELP_CENTER.map((doc) => {
    const headings = [...new Set(doc.sections.map(([heading]) => heading))];
    const list = [
      ...terms(doc.title),
      ...terms(doc.title),
      ...headings.flatMap((h) => terms(h)),
      ...terms(doc.sections.map(([, text]) => text).join("\n")),
    ];
    const tf = new Map<string, number>();
    for (const t of list) tf.set(t, (tf.get(t) ?? 0) + 1);
    return { id: doc.id, tf, length: list.length };
  });
  const avg = docs.reduce((sum, d) => sum + d.length, 0) / docs.length;
  const idf = (t: string) => {
    const df = docs.filter((other) => other.tf.has(t)).length;
    return Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
  };
  const wanted = [...new Set(terms(question))];
  const attainable = wanted.reduce((sum, t) => sum + idf(t) * 2.2, 0);
  const scores = new Map<string, number>();
  for (const d of docs) {
    let score = 0;
    for (const t of wanted) {
      const f = d.tf.get(t) ?? 0;
      if (f) score += (idf(t) * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * d.length) / avg));
    }
    scores.set(d.id, attainable ? score / attainable : 0);
  }
  return scores;
}

/** The rows of the per-document term tables: documents, (term, document) pairs, distinct terms, and the totals row. */
export async function documentTermRows(
  agentId: string,
): Promise<{ documents: number; pairs: number; terms: number; totals: { documents: number; length: number } }> {
  return runInDurableObject(knowledgeIndex(env, agentId), async (_instance, state) => {
    const sql = state.storage.sql;
    return {
      documents: sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM document_lengths`).one().n,
      pairs: sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM document_term_counts`).one().n,
      terms: sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM document_term_df`).one().n,
      totals: sql
        .exec<{ documents: number; length: number }>(`SELECT documents, length FROM document_term_totals`)
        .one(),
    };
  });
}
