/**
 * Search over the index's own SQLite: FTS5 finds the lexical candidates (`full-text.ts`), the
 * vector blocks the nearest chunks (`vector-blocks.ts`), and the shared ranking
 * (`worker/knowledge/engine/ranking.ts`) scores and aggregates them as the in-memory engine does,
 * with each document's whole-text BM25 from the per-document term counts (`document-terms.ts`).
 * Nothing is rebuilt on wake: an index from before this layout (chunks only, or no document term
 * counts) is indexed once, on its first wake after the upgrade, in one transaction.
 */
import {
  bestHits,
  bestLexical,
  CHUNKS_FOR_DOCUMENTS,
  fuse,
  inverseFrequency,
  lexicalScore,
  nearestOutside,
  questionTerms,
  rankDocuments,
  rankingTerms,
  weighQuery,
  weightedTerms,
  type ChunkHit,
  type DocumentHit,
  type IndexedChunk,
  type Lexical,
  type Semantic,
} from "../../worker/knowledge/engine/ranking";
import { documentOfChunk, splitDocumentKey } from "../../worker/knowledge/document-keys";
import { documentScores, documentTerms } from "../../worker/knowledge/engine/document-bm25";
import { correctQuery } from "../../worker/knowledge/engine/spelling";
import type { ChunkTables, StoredChunk } from "./chunks";
import { DocumentTerms } from "./document-terms";
import { type CountedRow, FullText } from "./full-text";
import { VectorBlocks, type VectorEntry } from "./vector-blocks";

/** Names the stored search tables' layout: a change (or a change of `weightedTerms`) bumps it, and the next wake re-indexes once. */
const SEARCH_LAYOUT = "fts5-2";
/** Names the per-document term counts' layout: a change (or a change of `documentTerms`) bumps it, and the next wake recounts once. */
const DOCUMENT_LAYOUT = "document-terms-2";
/**
 * FTS5's best chunks by its own BM25 that are rescored with BM25F: half as many again as the
 * candidates kept, so where its order differs (its IDF weighs common terms less; its lengths are
 * the same) the same 200 are kept. Fewer than this many matches: all are rescored, exactly.
 */
const LEXICAL_POOL = 300;
/**
 * FTS5 ranks every chunk it matches (about a microsecond each): the candidates come from the
 * question's rarest terms, as many as fit this many postings (at least one term). Within it —
 * most questions to an index of a few thousand chunks — every term takes part; beyond it, chunks
 * holding only the common terms are not candidates (the common terms still count in the
 * candidates' scores, and the vector scan still finds close chunks).
 */
const POSTINGS_BUDGET = 3_000;

export class StoredSearch {
  private readonly fullText: FullText;
  private readonly vectors: VectorBlocks;
  private readonly documents: DocumentTerms;

  constructor(
    storage: DurableObjectStorage,
    private readonly tables: ChunkTables,
  ) {
    this.fullText = new FullText(storage.sql);
    this.vectors = new VectorBlocks(storage.sql);
    this.documents = new DocumentTerms(storage.sql);
    if (tables.meta("search_layout") !== SEARCH_LAYOUT) storage.transactionSync(() => this.reindex());
    if (tables.meta("document_terms") !== DOCUMENT_LAYOUT) storage.transactionSync(() => this.recountDocuments());
  }

  /** How many chunks are indexed (kept as a running total: no count over every row). */
  get size(): number {
    return this.fullText.totals().chunks;
  }

  /**
   * Indexes chunks just stored (in the same synchronous step as their rows). Writes replace documents
   * whole, so `stored` holds every chunk of each document it names: their terms are counted from
   * these, not read back from the rows.
   */
  add(stored: StoredChunk[]): void {
    for (const s of stored) this.fullText.add(s.chunk.id, weightedTerms(s.chunk));
    this.vectors.put(stored.map((s) => ({ id: s.chunk.id, vector: s.vector })));
    const byDocument = new Map<string, IndexedChunk[]>();
    for (const { chunk } of stored)
      byDocument.set(chunk.documentKey, [...(byDocument.get(chunk.documentKey) ?? []), chunk]);
    for (const [key, chunks] of byDocument) this.documents.put(key, documentTerms(chunks));
  }

  /** Unindexes chunks just removed from the chunk tables (in the same synchronous step). */
  remove(ids: string[]): void {
    this.fullText.remove(ids);
    this.vectors.remove(ids);
    this.recount(new Set(ids.map(documentOfChunk)));
  }

  /** The index switched vector spaces: every chunk's vector is new. */
  replaceVectors(entries: VectorEntry[]): void {
    this.vectors.replaceAll(entries);
  }

  /** Documents ranked for `query`: the same ranking as `SearchEngine.searchDocuments`. */
  searchDocuments(asked: string, k: number, semantic: Semantic): DocumentHit[] {
    const { chunks } = this.fullText.totals();
    const query = correctQuery(
      asked,
      (list) => this.fullText.frequencies(list),
      (guesses) => this.documents.held(guesses),
    );
    const hits = this.rankChunks(query, CHUNKS_FOR_DOCUMENTS, semantic);
    if (hits.length === 0) return [];
    const ranked = [...new Set(hits.map((hit) => hit.chunk.documentKey))];
    const list = questionTerms(query);
    const whole = documentScores(list, this.documents.postings(list, ranked));
    const documents = rankDocuments(query, hits, this.idf(rankingTerms(query, hits), chunks), k, whole);
    // Ranking reads no chunk text: only the passages that travel on are read.
    const texts = this.tables.textsOf(documents.flatMap((d) => d.chunks.map((hit) => hit.chunk.id)));
    for (const document of documents)
      document.chunks = document.chunks.map((hit) => ({
        ...hit,
        chunk: { ...hit.chunk, text: texts.get(hit.chunk.id) ?? "" },
      }));
    return documents;
  }

  /** The best chunks for `query`, best first, as `SearchEngine.search` ranks them; their text is left out. */
  private rankChunks(query: string, k: number, semantic: Semantic): ChunkHit[] {
    const list = questionTerms(query);
    const totals = this.fullText.totals();
    if (list.length === 0 || totals.chunks === 0) return [];
    const frequencies = this.fullText.frequencies(list);
    const weighted = weighQuery(list, (term) => inverseFrequency(totals.chunks, frequencies.get(term) ?? 0));
    const avgLength = totals.length / totals.chunks;
    const lexical = new Map<string, Lexical>();
    // Counts hold every term of a chunk or only the eligible ones: lexicalScore reads only those.
    const score = (rows: CountedRow[]) => {
      for (const row of rows) lexical.set(row.id, lexicalScore(weighted, row.counts, row.length, avgLength));
    };
    score(this.fullText.match(selective(weighted.eligible, frequencies), LEXICAL_POOL, weighted.eligible));
    const candidates = bestLexical(lexical);
    const pooled = new Set(candidates);
    let nearest: [string, number][] = [];
    let cosines: ReadonlyMap<string, number> = new Map();
    if ("vector" in semantic) {
      ({ nearest, cosines } = this.vectors.scan(semantic.vector, k, (id) => pooled.has(id), candidates));
    } else if ("scores" in semantic) {
      const known = new Set(this.tables.headsByIds([...semantic.scores.keys()]).map((c) => c.id));
      nearest = nearestOutside(semantic.scores.entries(), (id) => pooled.has(id) || !known.has(id), k);
      cosines = semantic.scores;
    }
    // A chunk close by vector may share a few terms too: its lexical score counts.
    score(
      this.fullText.countsOf(
        nearest.map(([id]) => id).filter((id) => !lexical.has(id)),
        weighted.eligible,
      ),
    );
    const similarity = new Map([...cosines, ...nearest]);
    // Scores need no chunk row: only the best k are read.
    const pool = [...candidates, ...nearest.map(([id]) => id)].map((id) =>
      fuse(unread(id), lexical.get(id), similarity.get(id) ?? 0, weighted, semantic),
    );
    const best = bestHits(pool, k);
    const heads = new Map(this.tables.headsByIds(best.map((hit) => hit.chunk.id)).map((c) => [c.id, c]));
    return best.flatMap((hit) => {
      const chunk = heads.get(hit.chunk.id);
      return chunk ? [{ ...hit, chunk }] : [];
    });
  }

  /** BM25's IDF for `terms`, from the full-text index's document frequencies. */
  private idf(terms: Iterable<string>, chunks: number): (term: string) => number {
    const frequencies = this.fullText.frequencies(terms);
    return (term) => inverseFrequency(chunks, frequencies.get(term) ?? 0);
  }

  /** Indexes every stored chunk afresh: an index from before this layout, once. */
  private reindex(): void {
    const all = this.tables.all();
    this.fullText.clear();
    for (const s of all) this.fullText.add(s.chunk.id, weightedTerms(s.chunk));
    this.vectors.replaceAll(all.map((s) => ({ id: s.chunk.id, vector: s.vector })));
    this.tables.setMeta("search_layout", SEARCH_LAYOUT);
  }

  /** Counts the terms of the given documents afresh from their stored chunks (a document with none left loses its counts). */
  private recount(keys: Iterable<string>): void {
    for (const key of keys) {
      const { sourceId, documentId } = splitDocumentKey(key);
      const chunks = this.tables.ofDocument(sourceId, documentId).map((s) => s.chunk);
      if (chunks.length === 0) this.documents.remove(key);
      else this.documents.put(key, documentTerms(chunks));
    }
  }

  /** Counts every stored document's terms afresh: an index from before the per-document counts, once. */
  private recountDocuments(): void {
    const byDocument = new Map<string, IndexedChunk[]>();
    for (const { chunk } of this.tables.all()) {
      const list = byDocument.get(chunk.documentKey) ?? [];
      list.push(chunk);
      byDocument.set(chunk.documentKey, list);
    }
    this.documents.clear();
    for (const [key, chunks] of byDocument) this.documents.put(key, documentTerms(chunks));
    this.tables.setMeta("document_terms", DOCUMENT_LAYOUT);
    // Scores were calibrated on a ranking without the document-level share: the next search measures again.
    this.tables.setMeta("calibration", null);
  }
}

/** A pool entry before its row is read: ranking needs only its id. */
const unread = (id: string): IndexedChunk => ({ id, documentKey: "", title: "", headingPath: [], text: "" });

/** The rarest of `terms` that fit POSTINGS_BUDGET together (always the rarest one). */
function selective(terms: readonly string[], frequencies: ReadonlyMap<string, number>): string[] {
  const byRarity = [...terms].sort((a, b) => (frequencies.get(a) ?? 0) - (frequencies.get(b) ?? 0));
  let postings = 0;
  return byRarity.filter((term, i) => {
    postings += frequencies.get(term) ?? 0;
    return i === 0 || postings <= POSTINGS_BUDGET;
  });
}
