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

type ChunkRow = { id: string; source_id: string; document_id: string; title: string; heading_path: string; text: string; vector: ArrayBuffer };

/** A document key joins source and document ids; the unit separator occurs in neither. */
const SEPARATOR = "\u001f";
export const documentKey = (sourceId: string, documentId: string) => `${sourceId}${SEPARATOR}${documentId}`;
export const splitDocumentKey = (key: string): IndexedDocumentRef => {
  const [sourceId = "", documentId = ""] = key.split(SEPARATOR);
  return { sourceId, documentId };
};

export class KnowledgeIndexDO extends DurableObject<Env> {
  private readonly engine = new SearchEngine();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS chunks (id TEXT PRIMARY KEY, source_id TEXT NOT NULL, document_id TEXT NOT NULL, title TEXT NOT NULL, heading_path TEXT NOT NULL, text TEXT NOT NULL, vector BLOB NOT NULL)`,
    );
    ctx.storage.sql.exec(`CREATE INDEX IF NOT EXISTS chunks_document ON chunks (source_id, document_id)`);
    for (const row of ctx.storage.sql.exec<ChunkRow>(`SELECT id, source_id, document_id, title, heading_path, text, vector FROM chunks`)) {
      const key = documentKey(row.source_id, row.document_id);
      const chunk = { id: row.id, documentKey: key, title: row.title, headingPath: JSON.parse(row.heading_path) as string[], text: row.text };
      this.engine.add(chunk, new Int8Array(row.vector));
    }
  }

  /** Replaces every chunk of one document (an empty list removes it). */
  async replaceDocument(ref: IndexedDocumentRef, chunks: ChunkInput[]): Promise<number> {
    const key = documentKey(ref.sourceId, ref.documentId);
    this.removeDocumentChunks(ref);
    chunks.forEach((chunk, i) => {
      const id = `${key}${SEPARATOR}${i}`;
      const vector = quantize(embedOffline(`${chunk.headingPath.join(" ")} ${chunk.text}`, isStopword));
      this.ctx.storage.sql.exec(
        `INSERT INTO chunks (id, source_id, document_id, title, heading_path, text, vector) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        id,
        ref.sourceId,
        ref.documentId,
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
    this.removeDocumentChunks(ref);
  }

  /** Removes every chunk of a source. */
  async removeSource(sourceId: string): Promise<void> {
    const ids = this.ctx.storage.sql.exec<{ id: string }>(`SELECT id FROM chunks WHERE source_id = ?`, sourceId).toArray();
    for (const { id } of ids) this.engine.remove(id);
    this.ctx.storage.sql.exec(`DELETE FROM chunks WHERE source_id = ?`, sourceId);
  }

  async search(query: string, k: number): Promise<DocumentHit[]> {
    return this.engine.searchDocuments(query, k);
  }

  async chunkCount(): Promise<number> {
    return this.engine.size;
  }

  private removeDocumentChunks(ref: IndexedDocumentRef): void {
    const where = `source_id = ? AND document_id = ?`;
    const ids = this.ctx.storage.sql.exec<{ id: string }>(`SELECT id FROM chunks WHERE ${where}`, ref.sourceId, ref.documentId).toArray();
    for (const { id } of ids) this.engine.remove(id);
    this.ctx.storage.sql.exec(`DELETE FROM chunks WHERE ${where}`, ref.sourceId, ref.documentId);
  }
}
