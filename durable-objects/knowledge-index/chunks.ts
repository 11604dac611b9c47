/**
 * The chunk tables of an agent's knowledge index (the Durable Object's SQLite): every chunk with
 * its text and its int8 vector in the active vector space (empty when the vectors are in
 * Vectorize), the vectors being made for the next space while the index re-embeds (a marker
 * when they go to Vectorize), which space is active, and a replaced Vectorize space whose
 * vectors are still to be dropped.
 */
import { documentKey } from "../../worker/knowledge/document-keys";
import type { IndexedChunk } from "../../worker/knowledge/engine/ranking";

export type ChunkRow = {
  id: string;
  source_id: string;
  document_id: string;
  title: string;
  heading_path: string;
  text: string;
  vector: ArrayBuffer;
};
export type StoredChunk = { chunk: IndexedChunk; sourceId: string; documentId: string; vector: Int8Array };

/** `active_embedder` is the key of indexes from before vector spaces; it is read, never written. */
type MetaKey =
  | "active_space"
  | "active_embedder"
  | "drop_space"
  | "reembed_error"
  | "search_layout"
  /** The layout of the per-document term counts (`document-terms.ts`): absent on an index from before them. */
  | "document_terms"
  | "calibration"
  /** Replica 0: its documents from before replicas are in the change log (`replication.ts`). */
  | "changes_seeded"
  /** A replica: the version of replica 0 it has copied. */
  | "replica_version";

const OPENING_CHARS = 500; // a section's opening, as much as a probe question takes from it
/**
 * Chunk heads (no text) kept after a search read them: the same chunks come back search after search.
 * About 300 bytes each: a bound keeps memory flat however large the index.
 */
const MAX_KEPT_HEADS = 20_000;

/**
 * This object is the only writer of its tables, so what it read stays true until it writes: the meta
 * values, the heads a search read and whether any chunk exists are kept until a write of its own.
 */
export class ChunkTables {
  private readonly metaMemo = new Map<MetaKey, string | null>();
  private readonly heads = new Map<string, IndexedChunk>();
  private emptyMemo: boolean | null = null;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS chunks (id TEXT PRIMARY KEY, source_id TEXT NOT NULL, document_id TEXT NOT NULL,
         title TEXT NOT NULL, heading_path TEXT NOT NULL, text TEXT NOT NULL, vector BLOB NOT NULL)`,
    );
    sql.exec(`CREATE INDEX IF NOT EXISTS chunks_document ON chunks (source_id, document_id)`);
    sql.exec(
      `CREATE TABLE IF NOT EXISTS next_vectors (id TEXT PRIMARY KEY, embedder TEXT NOT NULL, vector BLOB NOT NULL)`,
    );
    sql.exec(`CREATE TABLE IF NOT EXISTS index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  }

  all(): StoredChunk[] {
    return this.sql
      .exec<ChunkRow>(`SELECT id, source_id, document_id, title, heading_path, text, vector FROM chunks`)
      .toArray()
      .map(toStored);
  }

  /** The chunks with the given ids (those that exist), without their text: what ranking reads. */
  headsByIds(ids: string[]): IndexedChunk[] {
    const found: IndexedChunk[] = [];
    const unknown: string[] = [];
    for (const id of ids) {
      const head = this.heads.get(id);
      if (head) found.push(head);
      else unknown.push(id);
    }
    if (unknown.length === 0) return found;
    if (this.heads.size + unknown.length > MAX_KEPT_HEADS) this.heads.clear();
    const rows = this.sql
      .exec<Omit<ChunkRow, "text" | "vector">>(
        `SELECT id, source_id, document_id, title, heading_path FROM chunks WHERE id IN (SELECT value FROM json_each(?))`,
        JSON.stringify(unknown),
      )
      .toArray();
    for (const row of rows) {
      const head = toStored({ ...row, text: "", vector: new ArrayBuffer(0) }).chunk;
      this.heads.set(head.id, head);
      found.push(head);
    }
    return found;
  }

  /** The text of each of the given chunks. */
  textsOf(ids: string[]): Map<string, string> {
    if (ids.length === 0) return new Map();
    const rows = this.sql
      .exec<{ id: string; text: string }>(
        `SELECT id, text FROM chunks WHERE id IN (SELECT value FROM json_each(?))`,
        JSON.stringify(ids),
      )
      .toArray();
    return new Map(rows.map((r) => [r.id, r.text]));
  }

  /**
   * About `n` chunks spread evenly over the index (every `total / n`-th in the order of their
   * content: title, headings, text), each with its text's opening only. Ids are not the order: they
   * carry source ids drawn at random, so the same documents would give other chunks each time.
   */
  spread(n: number, total: number): IndexedChunk[] {
    const step = Math.max(1, Math.floor(total / n));
    return this.sql
      .exec<Omit<ChunkRow, "vector">>(
        `SELECT id, source_id, document_id, title, heading_path, text
         FROM (SELECT id, source_id, document_id, title, heading_path, substr(text, 1, ?) AS text,
                      row_number() OVER (ORDER BY title, heading_path, text, id) AS n FROM chunks)
         WHERE n % ? = 0 LIMIT ?`,
        OPENING_CHARS,
        step,
        n,
      )
      .toArray()
      .map((row) => toStored({ ...row, vector: new ArrayBuffer(0) }).chunk);
  }

  insert(stored: StoredChunk): void {
    const { chunk } = stored;
    this.heads.delete(chunk.id); // a replaced document's chunks keep their ids
    this.emptyMemo = false;
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

  /** One document's chunks, in the order they were stored, with their active vectors. */
  ofDocument(sourceId: string, documentId: string): StoredChunk[] {
    return this.sql
      .exec<ChunkRow>(
        `SELECT id, source_id, document_id, title, heading_path, text, vector FROM chunks
         WHERE source_id = ? AND document_id = ? ORDER BY rowid`,
        sourceId,
        documentId,
      )
      .toArray()
      .map(toStored);
  }

  /** Removes every chunk and next vector (a replica about to copy another vector space). */
  removeAll(): void {
    this.heads.clear();
    this.emptyMemo = true;
    this.sql.exec(`DELETE FROM next_vectors`);
    this.sql.exec(`DELETE FROM chunks`);
  }

  /** Removes chunks (and their next vectors); returns the ids removed. */
  remove(where: "document" | "source", sourceId: string, documentId = ""): string[] {
    const clause = where === "document" ? `source_id = ? AND document_id = ?` : `source_id = ?`;
    const args = where === "document" ? [sourceId, documentId] : [sourceId];
    const ids = this.sql
      .exec<{ id: string }>(`SELECT id FROM chunks WHERE ${clause}`, ...args)
      .toArray()
      .map((r) => r.id);
    this.sql.exec(`DELETE FROM next_vectors WHERE id IN (SELECT id FROM chunks WHERE ${clause})`, ...args);
    this.sql.exec(`DELETE FROM chunks WHERE ${clause}`, ...args);
    for (const id of ids) this.heads.delete(id);
    if (ids.length > 0) this.emptyMemo = null;
    return ids;
  }

  meta(key: MetaKey): string | null {
    const known = this.metaMemo.get(key);
    if (known !== undefined) return known;
    const value =
      this.sql.exec<{ value: string }>(`SELECT value FROM index_meta WHERE key = ?`, key).toArray()[0]?.value ?? null;
    this.metaMemo.set(key, value);
    return value;
  }

  setMeta(key: MetaKey, value: string | null): void {
    this.metaMemo.delete(key); // read again after the write: the stored value, not the one given, is what is kept
    if (value === null) this.sql.exec(`DELETE FROM index_meta WHERE key = ?`, key);
    else
      this.sql.exec(
        `INSERT INTO index_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
        key,
        value,
      );
  }

  /** The vector space the stored vectors are in; an index from before spaces had only an embedder, beside the chunks. */
  activeSpace(fallback: string): string {
    const legacy = this.meta("active_embedder");
    return this.meta("active_space") ?? (legacy ? `embedded/${legacy}` : fallback);
  }

  setActiveSpace(id: string): void {
    this.setMeta("active_space", id);
  }

  /** Chunks that have no vector of `space` yet, a batch at a time. */
  missingNext(space: string, limit: number): StoredChunk[] {
    return this.sql
      .exec<ChunkRow>(
        `SELECT c.id, c.source_id, c.document_id, c.title, c.heading_path, c.text, c.vector FROM chunks c
         LEFT JOIN next_vectors n ON n.id = c.id AND n.embedder = ? WHERE n.id IS NULL LIMIT ?`,
        space,
        limit,
      )
      .toArray()
      .map(toStored);
  }

  /** Records a chunk's vector in `space` (the column keeps its old name: it holds a space id). */
  putNext(id: string, space: string, vector: Int8Array): void {
    this.sql.exec(
      `INSERT INTO next_vectors (id, embedder, vector) VALUES (?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET embedder = excluded.embedder, vector = excluded.vector`,
      id,
      space,
      vector.buffer,
    );
  }

  /** How many chunks have a vector in `space` already (the re-embed's progress). */
  countNext(space: string): number {
    return this.sql
      .exec<{ n: number }>(
        `SELECT COUNT(*) AS n FROM next_vectors n JOIN chunks c ON c.id = n.id WHERE n.embedder = ?`,
        space,
      )
      .one().n;
  }

  /** Makes the next space's vectors the chunks' vectors (all chunks must have one) and that space the active one. */
  promoteNext(space: string): void {
    this.sql.exec(
      `UPDATE chunks SET vector = (SELECT n.vector FROM next_vectors n WHERE n.id = chunks.id AND n.embedder = ?)`,
      space,
    );
    this.sql.exec(`DELETE FROM next_vectors`);
    this.setActiveSpace(space);
  }

  /** Every chunk's id and active vector (to swap vectors in memory after a switch). */
  vectors(): { id: string; vector: Int8Array }[] {
    return this.sql
      .exec<{ id: string; vector: ArrayBuffer }>(`SELECT id, vector FROM chunks`)
      .toArray()
      .map((r) => ({ id: r.id, vector: new Int8Array(r.vector) }));
  }

  ids(): string[] {
    return this.sql
      .exec<{ id: string }>(`SELECT id FROM chunks`)
      .toArray()
      .map((r) => r.id);
  }

  clearNext(): void {
    this.sql.exec(`DELETE FROM next_vectors`);
  }

  /** Whether the index holds no chunk (one row looked at, where counting reads them all). */
  empty(): boolean {
    this.emptyMemo ??= this.sql.exec(`SELECT 1 FROM chunks LIMIT 1`).toArray().length === 0;
    return this.emptyMemo;
  }
}

function toStored(row: ChunkRow): StoredChunk {
  const key = documentKey(row.source_id, row.document_id);
  return {
    chunk: {
      id: row.id,
      documentKey: key,
      title: row.title,
      headingPath: JSON.parse(row.heading_path) as string[],
      text: row.text,
    },
    sourceId: row.source_id,
    documentId: row.document_id,
    vector: new Int8Array(row.vector),
  };
}
