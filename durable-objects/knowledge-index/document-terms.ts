/**
 * The per-document term counts of the index's SQLite, for the ranking's document-level BM25
 * (`worker/knowledge/engine/document-bm25.ts`): how often each term occurs in each whole document,
 * each document's length and the running totals, so a search reads only its question's postings.
 * A document's row set is written whole whenever its chunks change (documents are replaced whole)
 * and removed with its last chunk; `stored-search.ts` keeps it in step with the chunk tables.
 */
import type { DocumentPostings } from "../../worker/knowledge/engine/document-bm25";

type Totals = { documents: number; length: number };

/**
 * Postings remembered between changes: a common term's list (one row per document holding it) is
 * read once, not per search. A bound keeps memory flat: about 10 MB at 100,000 entries.
 */
const MAX_MEMO_POSTINGS = 100_000;

export class DocumentTerms {
  /** The totals read since the last change (every search needs them). */
  private totalsMemo: Totals | null = null;
  /** Postings and document lengths read since the last change. */
  private postingsMemo = new Map<string, Map<string, number>>();
  private lengthsMemo = new Map<string, number>();
  private memoEntries = 0;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS document_term_counts (term TEXT NOT NULL, document_key TEXT NOT NULL, tf INTEGER NOT NULL, PRIMARY KEY (term, document_key)) WITHOUT ROWID`,
    );
    // A replaced or removed document's rows are found by document, not by term.
    sql.exec(`CREATE INDEX IF NOT EXISTS document_term_counts_document ON document_term_counts (document_key)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS document_lengths (document_key TEXT PRIMARY KEY, length INTEGER NOT NULL)`);
    sql.exec(
      `CREATE TABLE IF NOT EXISTS document_term_totals (one INTEGER PRIMARY KEY CHECK (one = 1), documents INTEGER NOT NULL, length INTEGER NOT NULL)`,
    );
    sql.exec(`INSERT OR IGNORE INTO document_term_totals (one, documents, length) VALUES (1, 0, 0)`);
  }

  /** Writes a document's terms (as `documentTerms` lists them), replacing any it had. */
  put(key: string, terms: string[]): void {
    this.remove(key);
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, tf] of counts)
      this.sql.exec(`INSERT INTO document_term_counts (term, document_key, tf) VALUES (?, ?, ?)`, term, key, tf);
    this.sql.exec(`INSERT INTO document_lengths (document_key, length) VALUES (?, ?)`, key, terms.length);
    this.sql.exec(
      `UPDATE document_term_totals SET documents = documents + 1, length = length + ? WHERE one = 1`,
      terms.length,
    );
    this.changed();
  }

  /** Removes a document's terms (nothing when it has none). */
  remove(key: string): void {
    const row = this.sql
      .exec<{ length: number }>(`SELECT length FROM document_lengths WHERE document_key = ?`, key)
      .toArray()[0];
    if (!row) return;
    this.sql.exec(`DELETE FROM document_term_counts WHERE document_key = ?`, key);
    this.sql.exec(`DELETE FROM document_lengths WHERE document_key = ?`, key);
    this.sql.exec(
      `UPDATE document_term_totals SET documents = documents - 1, length = length - ? WHERE one = 1`,
      row.length,
    );
    this.changed();
  }

  clear(): void {
    this.sql.exec(`DELETE FROM document_term_counts`);
    this.sql.exec(`DELETE FROM document_lengths`);
    this.sql.exec(`UPDATE document_term_totals SET documents = 0, length = 0 WHERE one = 1`);
    this.changed();
  }

  totals(): Totals {
    this.totalsMemo ??= this.sql.exec<Totals>(`SELECT documents, length FROM document_term_totals WHERE one = 1`).one();
    return this.totalsMemo;
  }

  /** What the document-level BM25 needs for a question's distinct terms: their postings and those documents' lengths. */
  postings(terms: string[]): DocumentPostings {
    if (this.memoEntries > MAX_MEMO_POSTINGS) this.changed(); // before the lookup: nothing it counts on is dropped after
    const totals = this.totals();
    const missing = terms.filter((term) => !this.postingsMemo.has(term));
    if (missing.length > 0 && totals.documents > 0) {
      for (const term of missing) this.postingsMemo.set(term, new Map());
      const rows = this.sql
        .exec<{ term: string; document_key: string; tf: number; length: number }>(
          `SELECT c.term, c.document_key, c.tf, l.length FROM document_term_counts c
           JOIN document_lengths l ON l.document_key = c.document_key
           WHERE c.term IN (SELECT value FROM json_each(?))`,
          JSON.stringify(missing),
        )
        .toArray();
      for (const row of rows) {
        this.postingsMemo.get(row.term)?.set(row.document_key, row.tf);
        this.lengthsMemo.set(row.document_key, row.length);
      }
      this.memoEntries += rows.length;
    }
    const postings = new Map<string, ReadonlyMap<string, number>>();
    for (const term of terms) {
      const list = this.postingsMemo.get(term);
      if (list && list.size > 0) postings.set(term, list);
    }
    return { documents: totals.documents, totalLength: totals.length, postings, lengths: this.lengthsMemo };
  }

  private changed(): void {
    this.totalsMemo = null;
    this.postingsMemo.clear();
    this.lengthsMemo.clear();
    this.memoEntries = 0;
  }
}
