/**
 * The per-document term counts of the index's SQLite, for the ranking's document-level BM25
 * (`worker/knowledge/engine/document-bm25.ts`): how often each term occurs in each whole document,
 * each term's document frequency, each document's length and the running totals, so a search reads
 * only its question's terms' frequencies and their postings in the documents it ranks.
 * A document's row set is written whole whenever its chunks change (documents are replaced whole)
 * and removed with its last chunk; `stored-search.ts` keeps it in step with the chunk tables.
 */
import type { DocumentPostings } from "../../worker/knowledge/engine/document-bm25";

type Totals = { documents: number; length: number };

const MAX_MEMO_TERMS = 20_000; // remembered document frequencies: a bound keeps memory flat whatever is asked

/** In how many documents each of the terms (one JSON array parameter) occurs; a term no document holds has no row. */
const DOCUMENT_FREQUENCIES = `SELECT term, df FROM document_term_df WHERE term IN (SELECT value FROM json_each(?))`;

export class DocumentTerms {
  /** The totals read since the last change (every search needs them). */
  private totalsMemo: Totals | null = null;
  /** Document frequencies read since the last change: the same terms come back search after search. */
  private frequencyMemo = new Map<string, number>();

  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS document_term_counts (term TEXT NOT NULL, document_key TEXT NOT NULL,
         tf INTEGER NOT NULL, PRIMARY KEY (term, document_key)) WITHOUT ROWID`,
    );
    // A replaced or removed document's rows are found by document, not by term.
    sql.exec(`CREATE INDEX IF NOT EXISTS document_term_counts_document ON document_term_counts (document_key)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS document_term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID`);
    sql.exec(`CREATE TABLE IF NOT EXISTS document_lengths (document_key TEXT PRIMARY KEY, length INTEGER NOT NULL)`);
    sql.exec(
      `CREATE TABLE IF NOT EXISTS document_term_totals (one INTEGER PRIMARY KEY CHECK (one = 1),
         documents INTEGER NOT NULL, length INTEGER NOT NULL)`,
    );
    sql.exec(`INSERT OR IGNORE INTO document_term_totals (one, documents, length) VALUES (1, 0, 0)`);
  }

  /** Writes a document's terms (as `documentTerms` lists them), replacing any it had. */
  put(key: string, terms: string[]): void {
    this.remove(key);
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    const rows = JSON.stringify([...counts]);
    this.sql.exec(
      `INSERT INTO document_term_counts (term, document_key, tf)
       SELECT json_extract(value, '$[0]'), ?, json_extract(value, '$[1]') FROM json_each(?)`,
      key,
      rows,
    );
    this.sql.exec(
      `INSERT INTO document_term_df (term, df) SELECT json_extract(value, '$[0]'), 1 FROM json_each(?) WHERE 1
       ON CONFLICT (term) DO UPDATE SET df = df + 1`,
      rows,
    );
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
    this.sql.exec(
      `UPDATE document_term_df SET df = df - 1 WHERE term IN (SELECT term FROM document_term_counts WHERE document_key = ?)`,
      key,
    );
    this.sql.exec(`DELETE FROM document_term_df WHERE df <= 0`);
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
    this.sql.exec(`DELETE FROM document_term_df`);
    this.sql.exec(`DELETE FROM document_lengths`);
    this.sql.exec(`UPDATE document_term_totals SET documents = 0, length = 0 WHERE one = 1`);
    this.changed();
  }

  totals(): Totals {
    this.totalsMemo ??= this.sql.exec<Totals>(`SELECT documents, length FROM document_term_totals WHERE one = 1`).one();
    return this.totalsMemo;
  }

  /**
   * What the document-level BM25 needs for a question's distinct terms in the documents being
   * ranked: those documents' postings and lengths, and each term's document frequency.
   */
  postings(terms: readonly string[], documents: string[]): DocumentPostings {
    const totals = this.totals();
    const postings = new Map<string, Map<string, number>>();
    const lengths = new Map<string, number>();
    const frequencies = this.frequencies(terms);
    const found = { documents: totals.documents, totalLength: totals.length, postings, lengths, frequencies };
    if (terms.length === 0 || documents.length === 0 || totals.documents === 0) return found;
    const rows = this.sql
      .exec<{ term: string; document_key: string; tf: number }>(
        // CROSS JOIN fixes the order: one primary-key probe per (term, document) pair, whatever
        // the planner's statistics say (never a common term's whole posting list, nor the document index).
        `SELECT c.term, c.document_key, c.tf FROM json_each(?) t CROSS JOIN json_each(?) d
         CROSS JOIN document_term_counts c ON c.term = t.value AND c.document_key = d.value`,
        JSON.stringify(terms),
        JSON.stringify(documents),
      )
      .toArray();
    const posted = new Set<string>();
    for (const row of rows) {
      const list = postings.get(row.term) ?? new Map<string, number>();
      list.set(row.document_key, row.tf);
      postings.set(row.term, list);
      posted.add(row.document_key);
    }
    // The lengths apart, once per document: joined to every posting, each was read once per term.
    const lengthRows = this.sql
      .exec<{ document_key: string; length: number }>(
        `SELECT document_key, length FROM document_lengths WHERE document_key IN (SELECT value FROM json_each(?))`,
        JSON.stringify([...posted]),
      )
      .toArray();
    for (const row of lengthRows) lengths.set(row.document_key, row.length);
    return found;
  }

  /**
   * Which of `terms` some document holds, and in how many: for many guesses probed once (a misspelt
   * word's candidates, some hundreds), looked up by key in one statement and not remembered — the
   * guesses would crowd out the real terms. (FTS5's own vocabulary answers the same about chunks, at
   * some 15 µs a term where this table's key takes about one.)
   */
  held(terms: readonly string[]): Map<string, number> {
    if (terms.length === 0) return new Map();
    const rows = this.sql.exec<{ term: string; df: number }>(DOCUMENT_FREQUENCIES, JSON.stringify(terms)).toArray();
    return new Map(rows.map((row) => [row.term, row.df]));
  }

  /** In how many documents each term occurs (absent: none). */
  private frequencies(terms: readonly string[]): Map<string, number> {
    const missing = terms.filter((term) => !this.frequencyMemo.has(term));
    if (missing.length > 0) {
      if (this.frequencyMemo.size > MAX_MEMO_TERMS) this.frequencyMemo.clear();
      for (const term of missing) this.frequencyMemo.set(term, 0);
      const rows = this.sql.exec<{ term: string; df: number }>(DOCUMENT_FREQUENCIES, JSON.stringify(missing)).toArray();
      for (const row of rows) this.frequencyMemo.set(row.term, row.df);
    }
    return new Map(terms.map((term) => [term, this.frequencyMemo.get(term) ?? 0]));
  }

  private changed(): void {
    this.totalsMemo = null;
    this.frequencyMemo.clear();
  }
}
