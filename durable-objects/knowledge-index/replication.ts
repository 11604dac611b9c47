/**
 * Keeps an agent's index replicas in step with replica 0. Replica 0 records, for every document a
 * write touches, a sequence number (`index_changes`: one row per document, its latest change, so the
 * log never grows past the documents ever indexed); its version is the highest number. A replica asks
 * for the documents changed since the version it holds and copies their chunks as replica 0 holds
 * them now — vectors and calibration included, so nothing is embedded twice — one page at a time,
 * each page applied in one transaction. Copying the current state makes a repeated or retried
 * catch-up harmless. A replica whose vector space differs from replica 0's (a re-embed switched it)
 * empties itself and copies everything again.
 */
import type { ChunkTables, StoredChunk } from "./chunks";
import type { StoredSearch } from "./stored-search";
import { DEFAULT_SPACE } from "./vectors";

export type DocumentRef = { sourceId: string; documentId: string };
/** One page of replica 0's changes: each changed document's chunks now (none: it was removed). */
export type ReplicaPage = {
  /** The version a replica holds once it has applied this page. */
  version: number;
  /** Replica 0's version: more pages follow while `version` is below it. */
  latest: number;
  space: string;
  calibration: string | null;
  documents: (DocumentRef & { chunks: StoredChunk[] })[];
};

/** Chunks per page: with int8 vectors a few hundred KB, far inside an RPC message's limit. */
export const REPLICA_PAGE_CHUNKS = 400;
/** A page never lists more documents than this (removed documents carry no chunks to count). */
const REPLICA_PAGE_DOCUMENTS = 1_000;

export class ChangeLog {
  private versionMemo: number | null = null;

  constructor(
    private readonly sql: SqlStorage,
    tables: ChunkTables,
  ) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS index_changes (source_id TEXT NOT NULL, document_id TEXT NOT NULL,
         seq INTEGER NOT NULL, PRIMARY KEY (source_id, document_id))`,
    );
    sql.exec(`CREATE INDEX IF NOT EXISTS index_changes_seq ON index_changes (seq)`);
    // An index from before replicas: its documents enter the log once, so a replica copies them too.
    if (tables.meta("changes_seeded") === null) {
      sql.exec(
        `INSERT OR IGNORE INTO index_changes (source_id, document_id, seq)
         SELECT source_id, document_id, row_number() OVER (ORDER BY source_id, document_id)
         FROM (SELECT DISTINCT source_id, document_id FROM chunks)`,
      );
      tables.setMeta("changes_seeded", "1");
    }
  }

  /** The highest change number (read once, then kept until `record` writes: every search asks for it). */
  version(): number {
    this.versionMemo ??= this.sql.exec<{ v: number }>(`SELECT COALESCE(MAX(seq), 0) AS v FROM index_changes`).one().v;
    return this.versionMemo;
  }

  /** Notes that these documents changed (replaced or removed): each gets the next number. */
  record(refs: DocumentRef[]): void {
    let seq = this.version();
    this.versionMemo = null;
    for (const ref of refs)
      this.sql.exec(
        `INSERT INTO index_changes (source_id, document_id, seq) VALUES (?, ?, ?)
         ON CONFLICT(source_id, document_id) DO UPDATE SET seq = excluded.seq`,
        ref.sourceId,
        ref.documentId,
        ++seq,
      );
  }

  /** The documents of a source that have chunks (what removing the source changes). */
  documentsOf(sourceId: string): DocumentRef[] {
    return this.sql
      .exec<{ document_id: string }>(`SELECT DISTINCT document_id FROM chunks WHERE source_id = ?`, sourceId)
      .toArray()
      .map((row) => ({ sourceId, documentId: row.document_id }));
  }

  /** The documents changed after `version`, oldest change first, as many as fit a page. */
  since(version: number, tables: ChunkTables, space: string): ReplicaPage {
    const rows = this.sql
      .exec<{ source_id: string; document_id: string; seq: number }>(
        `SELECT source_id, document_id, seq FROM index_changes WHERE seq > ? ORDER BY seq LIMIT ?`,
        version,
        REPLICA_PAGE_DOCUMENTS,
      )
      .toArray();
    const page: ReplicaPage = {
      version,
      latest: this.version(),
      space,
      calibration: tables.meta("calibration"),
      documents: [],
    };
    let chunks = 0;
    for (const row of rows) {
      if (chunks >= REPLICA_PAGE_CHUNKS) break;
      const stored = tables.ofDocument(row.source_id, row.document_id);
      page.documents.push({ sourceId: row.source_id, documentId: row.document_id, chunks: stored });
      chunks += stored.length;
      page.version = row.seq;
    }
    return page;
  }
}

/** Copies replica 0's pages (through `changesSince`) until this replica holds replica 0's version. */
export async function copyFromPrimary(
  changesSince: (version: number) => Promise<ReplicaPage>,
  storage: DurableObjectStorage,
  tables: ChunkTables,
  stored: StoredSearch,
): Promise<void> {
  for (;;) {
    const page = await changesSince(Number(tables.meta("replica_version") ?? "0"));
    if (page.space !== tables.activeSpace(DEFAULT_SPACE)) {
      storage.transactionSync(() => emptyReplica(tables, stored, page.space));
      continue; // from version 0, in the new space
    }
    storage.transactionSync(() => applyPage(page, tables, stored));
    if (page.version >= page.latest) return;
  }
}

/** Applies one page to a replica's tables and search index (the caller wraps it in a transaction). */
function applyPage(page: ReplicaPage, tables: ChunkTables, stored: StoredSearch): void {
  for (const document of page.documents) {
    stored.remove(tables.remove("document", document.sourceId, document.documentId));
    for (const chunk of document.chunks) tables.insert(chunk);
    stored.add(document.chunks);
  }
  tables.setMeta("calibration", page.calibration);
  tables.setMeta("replica_version", String(page.version));
}

/** Empties a replica before it copies an index in another vector space. */
function emptyReplica(tables: ChunkTables, stored: StoredSearch, space: string): void {
  const ids = tables.ids();
  tables.removeAll();
  stored.remove(ids); // after the rows: the search index recounts documents from what is left of them
  tables.setActiveSpace(space);
  tables.setMeta("replica_version", "0");
}
