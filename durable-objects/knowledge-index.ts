/**
 * The embedded knowledge index of one agent: chunks (text, heading path, int8 vector) in the
 * object's SQLite, and the hybrid search engine over them in memory, rebuilt from SQLite when
 * the object wakes. The Worker reaches it through `worker/knowledge/embedded-index.ts`.
 */
import { DurableObject } from "cloudflare:workers";
import { embedOffline, quantize } from "../worker/knowledge/engine/embedder";
import { SearchEngine, type DocumentHit } from "../worker/knowledge/engine/search-engine";
import { isStopword } from "../worker/knowledge/text";

export type ChunkInput = { title: string; headingPath: string[]; text: string };
export type IndexedDocumentRef = { sourceId: string; documentId: string };

type ChunkRow = { id: string; document_key: string; title: string; heading_path: string; text: string; vector: ArrayBuffer };

/** A document key joins source and document ids; "\u0000" cannot occur in either. */
const documentKey = (sourceId: string, documentId: string) => `${sourceId}\u0000${documentId}`;
export const splitDocumentKey = (key: string): IndexedDocumentRef => {
  const [sourceId = "", documentId = ""] = key.split("\u0000");
  return { sourceId, documentId };
};

export class KnowledgeIndexDO extends DurableObject<Env> {
  private readonly engine = new SearchEngine();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS chunks (id TEXT PRIMARY KEY, document_key TEXT NOT NULL, title TEXT NOT NULL, heading_path TEXT NOT NULL, text TEXT NOT NULL, vector BLOB NOT NULL)`,
    );
    ctx.storage.sql.exec(`CREATE INDEX IF NOT EXISTS chunks_document ON chunks (document_key)`);
    for (const row of ctx.storage.sql.exec<ChunkRow>(`SELECT id, document_key, title, heading_path, text, vector FROM chunks`)) {
      const chunk = { id: row.id, documentKey: row.document_key, title: row.title, headingPath: JSON.parse(row.heading_path) as string[], text: row.text };
      this.engine.add(chunk, new Int8Array(row.vector));
    }
  }

  /** Replaces every chunk of one document (an empty list removes it). */
  async replaceDocument(ref: IndexedDocumentRef, chunks: ChunkInput[]): Promise<number> {
    const key = documentKey(ref.sourceId, ref.documentId);
    this.removeKeys(key);
    chunks.forEach((chunk, i) => {
      const id = `${key}\u0000${i}`;
      const vector = quantize(embedOffline(`${chunk.headingPath.join(" ")} ${chunk.text}`, isStopword));
      this.ctx.storage.sql.exec(
        `INSERT INTO chunks (id, document_key, title, heading_path, text, vector) VALUES (?, ?, ?, ?, ?, ?)`,
        id,
        key,
        chunk.title,
        JSON.stringify(chunk.headingPath),
        chunk.text,
        vector.buffer,
      );
      this.engine.add({ id, documentKey: key, title: chunk.title, headingPath: chunk.headingPath, text: chunk.text }, vector);
    });
    return chunks.length;
  }

  async removeDocument(ref: IndexedDocumentRef): Promise<void> {
    this.removeKeys(documentKey(ref.sourceId, ref.documentId));
  }

  /** Removes every chunk of a source. */
  async removeSource(sourceId: string): Promise<void> {
    const prefix = `${sourceId}\u0000`;
    const keys = this.ctx.storage.sql
      .exec<{ document_key: string }>(`SELECT DISTINCT document_key FROM chunks WHERE substr(document_key, 1, ?) = ?`, prefix.length, prefix)
      .toArray();
    for (const { document_key } of keys) this.removeKeys(document_key);
  }

  async search(query: string, k: number): Promise<DocumentHit[]> {
    return this.engine.searchDocuments(query, k);
  }

  async chunkCount(): Promise<number> {
    return this.engine.size;
  }

  private removeKeys(key: string): void {
    const ids = this.ctx.storage.sql.exec<{ id: string }>(`SELECT id FROM chunks WHERE document_key = ?`, key).toArray();
    for (const { id } of ids) this.engine.remove(id);
    this.ctx.storage.sql.exec(`DELETE FROM chunks WHERE document_key = ?`, key);
  }
}
