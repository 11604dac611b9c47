/**
 * The full text of an agent's chunks in SQLite FTS5: one row per chunk holding its weighted terms
 * (already stemmed, stopwords dropped, by `weightedTerms`: title terms three times, heading terms
 * twice), so FTS5 only finds candidates and term frequencies, and Frontdesk's own stemmers and
 * BM25F (`worker/knowledge/engine/ranking.ts`) keep ranking in every language. Beside it: the
 * chunk id of each FTS row, its length, and the running totals BM25 needs — nothing is rebuilt on wake.
 * Each chunk's term counts are kept once a search has read them, until the chunk changes.
 */

import { termCounts } from "../../worker/knowledge/engine/ranking";

const MAX_MEMO_TERMS = 20_000; // remembered document frequencies: a bound keeps memory flat whatever is asked
/**
 * An index of at most this many chunks keeps each chunk's term counts once read (about 4 KB each, so at
 * most some 16 MB), and a warm search reads no terms at all. A larger one reads its candidates' terms at
 * each search and counts only the question's: kept counts would be read once and dropped, at a cost.
 */
const MAX_COUNTED_CHUNKS = 4_096;

/** A chunk as BM25F scores it: its weighted length and how often each of its terms occurs. */
export type CountedRow = { id: string; length: number; counts: ReadonlyMap<string, number> };
type StoredRow = { seq: number; id: string; length: number; terms: string };

// Pre-stemmed terms: split them exactly as `words()` did (letters, marks, digits), keep case and diacritics.
/** A chunk's stored row (its length and term list) by seq, or by id; the keys are one JSON array parameter. */
const ROWS_BY_SEQ = `SELECT t.seq, t.id, t.length, f.terms FROM chunk_terms t JOIN chunk_fts f ON f.rowid = t.seq
  WHERE t.seq IN (SELECT value FROM json_each(?))`;
const ROWS_BY_ID = `SELECT t.seq, t.id, t.length, f.terms FROM chunk_terms t JOIN chunk_fts f ON f.rowid = t.seq
  WHERE t.id IN (SELECT value FROM json_each(?))`;
const TOKENIZER = `unicode61 remove_diacritics 0 categories 'L* N* Co M*'`;

export class FullText {
  /** Document frequencies and totals read since the last change: the same terms come back search after search. */
  private frequencyMemo = new Map<string, number>();
  private totalsMemo: { chunks: number; length: number } | null = null;
  /** Term counts by FTS row (`seq`), and the row of each chunk id counted. */
  private readonly counted = new Map<number, CountedRow>();
  private readonly seqOf = new Map<string, number>();

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS chunk_fts USING fts5(terms, tokenize = "${TOKENIZER}")`);
    sql.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS chunk_vocab USING fts5vocab(chunk_fts, row)`);
    sql.exec(
      `CREATE TABLE IF NOT EXISTS chunk_terms (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, length INTEGER NOT NULL)`,
    );
    sql.exec(
      `CREATE TABLE IF NOT EXISTS chunk_term_totals
        (one INTEGER PRIMARY KEY CHECK (one = 1), chunks INTEGER NOT NULL, length INTEGER NOT NULL)`,
    );
    sql.exec(`INSERT OR IGNORE INTO chunk_term_totals (one, chunks, length) VALUES (1, 0, 0)`);
  }

  /** Indexes a chunk's weighted terms (replacing any it had). */
  add(id: string, weighted: string[]): void {
    this.remove([id]);
    this.changed();
    const { seq } = this.sql
      .exec<{ seq: number }>(`INSERT INTO chunk_terms (id, length) VALUES (?, ?) RETURNING seq`, id, weighted.length)
      .one();
    this.sql.exec(`INSERT INTO chunk_fts (rowid, terms) VALUES (?, ?)`, seq, weighted.join(" "));
    this.sql.exec(
      `UPDATE chunk_term_totals SET chunks = chunks + 1, length = length + ? WHERE one = 1`,
      weighted.length,
    );
  }

  remove(ids: string[]): void {
    if (ids.length === 0) return;
    const rows = this.sql
      .exec<{ seq: number; length: number }>(
        `SELECT seq, length FROM chunk_terms WHERE id IN (SELECT value FROM json_each(?))`,
        JSON.stringify(ids),
      )
      .toArray();
    if (rows.length === 0) return;
    this.changed();
    for (const row of rows) this.forget(row.seq);
    const seqs = JSON.stringify(rows.map((r) => r.seq));
    this.sql.exec(`DELETE FROM chunk_fts WHERE rowid IN (SELECT value FROM json_each(?))`, seqs);
    this.sql.exec(`DELETE FROM chunk_terms WHERE seq IN (SELECT value FROM json_each(?))`, seqs);
    this.sql.exec(
      `UPDATE chunk_term_totals SET chunks = chunks - ?, length = length - ? WHERE one = 1`,
      rows.length,
      rows.reduce((sum, r) => sum + r.length, 0),
    );
  }

  clear(): void {
    this.changed();
    this.counted.clear();
    this.seqOf.clear();
    this.sql.exec(`DELETE FROM chunk_fts`);
    this.sql.exec(`DELETE FROM chunk_terms`);
    this.sql.exec(`UPDATE chunk_term_totals SET chunks = 0, length = 0 WHERE one = 1`);
  }

  /** How many chunks are indexed and their summed weighted length (BM25's N and average length). */
  totals(): { chunks: number; length: number } {
    this.totalsMemo ??= this.sql
      .exec<{ chunks: number; length: number }>(`SELECT chunks, length FROM chunk_term_totals WHERE one = 1`)
      .one();
    return this.totalsMemo;
  }

  /** In how many chunks each term occurs (absent: none). */
  frequencies(terms: Iterable<string>): Map<string, number> {
    const list = [...terms];
    const missing = list.filter((term) => !this.frequencyMemo.has(term));
    if (missing.length > 0) {
      if (this.frequencyMemo.size > MAX_MEMO_TERMS) this.frequencyMemo.clear();
      for (const term of missing) this.frequencyMemo.set(term, 0);
      const rows = this.sql
        .exec<{ term: string; doc: number }>(
          `SELECT term, doc FROM chunk_vocab WHERE term IN (SELECT value FROM json_each(?))`,
          JSON.stringify(missing),
        )
        .toArray();
      for (const row of rows) this.frequencyMemo.set(row.term, row.doc);
    }
    return new Map(list.map((term) => [term, this.frequencyMemo.get(term) ?? 0]));
  }

  /** Chunks holding any of `terms`, FTS5's best `limit` by its BM25 (a candidate order; Frontdesk rescores them). */
  match(terms: string[], limit: number, counted: readonly string[]): CountedRow[] {
    if (terms.length === 0) return [];
    const expression = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(" OR ");
    // Row numbers only: a sort that carried each match's terms would read every match's row, not the best `limit`.
    const seqs = this.sql
      .exec<{ seq: number }>(
        `SELECT rowid AS seq FROM chunk_fts WHERE chunk_fts MATCH ? ORDER BY rank LIMIT ?`,
        expression,
        limit,
      )
      .toArray()
      .map((row) => row.seq);
    if (!this.keepsCounts())
      return this.storedRows(ROWS_BY_SEQ, seqs).map((row) => ({
        id: row.id,
        length: row.length,
        counts: countOnly(row.terms, counted),
      }));
    const unread = seqs.filter((seq) => !this.counted.has(seq));
    if (unread.length > 0) this.count(this.storedRows(ROWS_BY_SEQ, unread));
    return seqs.flatMap((seq) => this.counted.get(seq) ?? []);
  }

  /** The term counts of the given chunks (those indexed): every term's, or only `counted` in a large index. */
  countsOf(ids: string[], counted: readonly string[]): CountedRow[] {
    if (ids.length === 0) return [];
    if (!this.keepsCounts())
      return this.storedRows(ROWS_BY_ID, ids).map((row) => ({
        id: row.id,
        length: row.length,
        counts: countOnly(row.terms, counted),
      }));
    const unread = ids.filter((id) => !this.seqOf.has(id));
    if (unread.length > 0) this.count(this.storedRows(ROWS_BY_ID, unread));
    return ids.flatMap((id) => this.counted.get(this.seqOf.get(id) ?? -1) ?? []);
  }

  /** The stored rows of the chunks whose seq or id (as the statement reads them) is among `keys`. */
  private storedRows(statement: string, keys: readonly (number | string)[]): StoredRow[] {
    return this.sql.exec<StoredRow>(statement, JSON.stringify(keys)).toArray();
  }

  /** Counts the terms of rows just read and keeps them (the oldest counted go first beyond the bound). */
  private count(rows: StoredRow[]): void {
    for (const row of rows) {
      if (this.counted.size >= MAX_COUNTED_CHUNKS) this.forget(this.counted.keys().next().value ?? -1);
      const counts = termCounts(row.terms === "" ? [] : row.terms.split(" "));
      this.counted.set(row.seq, { id: row.id, length: row.length, counts });
      this.seqOf.set(row.id, row.seq);
    }
  }

  private keepsCounts(): boolean {
    return this.totals().chunks <= MAX_COUNTED_CHUNKS;
  }

  private forget(seq: number): void {
    const row = this.counted.get(seq);
    if (!row) return;
    this.counted.delete(seq);
    this.seqOf.delete(row.id);
  }

  private changed(): void {
    this.frequencyMemo.clear();
    this.totalsMemo = null;
  }
}

/** How often each of `wanted` occurs as a whole term in a row's space-separated terms (absent: never). */
function countOnly(row: string, wanted: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of wanted) {
    let count = 0;
    for (let at = row.indexOf(term); at >= 0; at = row.indexOf(term, at + 1)) {
      const end = at + term.length;
      if ((at === 0 || row[at - 1] === " ") && (end === row.length || row[end] === " ")) count++;
    }
    if (count > 0) counts.set(term, count);
  }
  return counts;
}
