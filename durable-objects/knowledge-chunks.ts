/**
 * The chunk tables of an agent's knowledge index (the Durable Object's SQLite): every chunk with
 * its text and its int8 vector in the active embedder's space, the vectors being made for the
 * next embedder while the index re-embeds, and which embedder is active.
 */
import type { IndexedChunk } from "../worker/knowledge/engine/search-engine";

export type ChunkRow = { id: string; source_id: string; document_id: string; title: string; heading_path: string; text: string; vector: ArrayBuffer };
export type StoredChunk = { chunk: IndexedChunk; sourceId: string; documentId: string; vector: Int8Array };

/** A document key joins source and document ids; the unit separator occurs in neither. */
const SEPARATOR = "\u001f";
export const documentKey = (sourceId: string, documentId: string) => `${sourceId}${SEPARATOR}${documentId}`;
export const chunkId = (key: string, index: number) => `${key}${SEPARATOR}${index}`;
export const splitDocumentKey = (key: string): { sourceId: string; documentId: string } => {
  const [sourceId = "", documentId = ""] = key.split(SEPARATOR);
  return { sourceId, documentId };
};

export class ChunkTables {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS chunks (id TEXT PRIMARY KEY, source_id TEXT NOT NULL, document_id TEXT NOT NULL, title TEXT NOT NULL, heading_path TEXT NOT NULL, text TEXT NOT NULL, vector BLOB NOT NULL)`,
    );
    sql.exec(`CREATE INDEX IF NOT EXISTS chunks_document ON chunks (source_id, document_id)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS next_vectors (id TEXT PRIMARY KEY, embedder TEXT NOT NULL, vector BLOB NOT NULL)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  }

  all(): StoredChunk[] {
    return this.sql.exec<ChunkRow>(`SELECT id, source_id, document_id, title, heading_path, text, vector FROM chunks`).toArray().map(toStored);
  }

  insert(stored: StoredChunk): void {
    const { chunk } = stored;
    this.sql.exec(
      `INSERT INTO chunks (id, source_id, document_id, title, heading_path, text, vector) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      chunk.id,
      stored.sourceId,
      stored.documentId,
      chunk.title,
      JSON.stringify(chunk.headingPath),
      chunk.text,
      stored.vector.buffer,
    );
  }

  /** Removes chunks (and their next vectors); returns the ids removed. */
  remove(where: "document" | "source", sourceId: string, documentId = ""): string[] {
    const clause = where === "document" ? `source_id = ? AND document_id = ?` : `source_id = ?`;
    const args = where === "document" ? [sourceId, documentId] : [sourceId];
    const ids = this.sql.exec<{ id: string }>(`SELECT id FROM chunks WHERE ${clause}`, ...args).toArray().map((r) => r.id);
    this.sql.exec(`DELETE FROM next_vectors WHERE id IN (SELECT id FROM chunks WHERE ${clause})`, ...args);
    this.sql.exec(`DELETE FROM chunks WHERE ${clause}`, ...args);
    return ids;
  }

  activeEmbedder(fallback: string): string {
    return this.sql.exec<{ value: string }>(`SELECT value FROM index_meta WHERE key = 'active_embedder'`).toArray()[0]?.value ?? fallback;
  }

  setActiveEmbedder(id: string): void {
    this.sql.exec(`INSERT INTO index_meta (key, value) VALUES ('active_embedder', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, id);
  }

  /** Chunks that have no vector of `embedder` yet, a batch at a time. */
  missingNext(embedder: string, limit: number): StoredChunk[] {
    return this.sql
      .exec<ChunkRow>(
        `SELECT c.id, c.source_id, c.document_id, c.title, c.heading_path, c.text, c.vector FROM chunks c LEFT JOIN next_vectors n ON n.id = c.id AND n.embedder = ? WHERE n.id IS NULL LIMIT ?`,
        embedder,
        limit,
      )
      .toArray()
      .map(toStored);
  }

  putNext(id: string, embedder: string, vector: Int8Array): void {
    this.sql.exec(`INSERT INTO next_vectors (id, embedder, vector) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET embedder = excluded.embedder, vector = excluded.vector`, id, embedder, vector.buffer);
  }

  /** Makes the next embedder's vectors the chunks' vectors (all chunks must have one). */
  promoteNext(embedder: string): void {
    this.sql.exec(`UPDATE chunks SET vector = (SELECT n.vector FROM next_vectors n WHERE n.id = chunks.id AND n.embedder = ?)`, embedder);
    this.sql.exec(`DELETE FROM next_vectors`);
    this.setActiveEmbedder(embedder);
  }

  clearNext(): void {
    this.sql.exec(`DELETE FROM next_vectors`);
  }

  count(): number {
    return this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM chunks`).one().n;
  }
}

function toStored(row: ChunkRow): StoredChunk {
  const key = documentKey(row.source_id, row.document_id);
  return {
    chunk: { id: row.id, documentKey: key, title: row.title, headingPath: JSON.parse(row.heading_path) as string[], text: row.text },
    sourceId: row.source_id,
    documentId: row.document_id,
    vector: new Int8Array(row.vector),
  };
}
