/**
 * The in-memory hybrid search over an agent's chunks: BM25F over stemmed terms (title, heading
 * path and body weighted differently) fused with the cosine of offline-embedder vectors, and
 * aggregated per document, with each document's whole-text BM25 (`document-bm25.ts`) — the ranking
 * in `ranking.ts`, over postings held in memory. Pure
 * TypeScript for Node: the eval tooling, benchmarks and unit tests use it directly; the index
 * Durable Object ranks the same way from SQLite (FTS5) without rebuilding anything.
 */
import { dotQuantized, embedOffline, quantize } from "./embedder";
import { isStopword } from "../text";
import { correctQuery } from "./spelling";
import { type DocumentPostings, documentScores, documentTerms } from "./document-bm25";
import {
  bestHits,
  bestLexical,
  CHUNKS_FOR_DOCUMENTS,
  fuse,
  inverseFrequency,
  lexicalScore,
  nearestOutside,
  offlineSemantic,
  questionTerms,
  rankDocuments,
  termCounts,
  weighQuery,
  weightedTerms,
  type ChunkHit,
  type DocumentHit,
  type IndexedChunk,
  type Lexical,
  type Semantic,
} from "./ranking";

export {
  FULL_TEXT_ONLY,
  offlineSemantic,
  SEMANTIC_CANDIDATES,
  type ChunkHit,
  type DocumentHit,
  type IndexedChunk,
  type Semantic,
} from "./ranking";

type Entry = { chunk: IndexedChunk; tf: Map<string, number>; length: number; vector: Int8Array };

export type SearchEngineOptions = {
  /** Whether documents are ranked with their whole-text BM25 too (default: yes; off: the ranking before issue 14, for experiments). */
  documentLevel?: boolean;
};

export class SearchEngine {
  private entries = new Map<string, Entry>();
  private df = new Map<string, number>();
  private postings = new Map<string, Set<string>>();
  private totalLength = 0;
  private readonly documentLevel: boolean;
  /** Each document's chunks, and the documents whose whole-text counts are to be redone before the next search. */
  private documents = new Map<string, Map<string, IndexedChunk>>();
  private stale = new Set<string>();
  private documentCounts = new Map<string, Map<string, number>>();
  private documentPostings = new Map<string, Map<string, number>>();
  private documentLengths = new Map<string, number>();
  private documentTotalLength = 0;

  constructor(options: SearchEngineOptions = {}) {
    this.documentLevel = options.documentLevel ?? true;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds (or replaces) a chunk; `vector` is its int8 embedding (offline when omitted; an empty one for an external index). */
  add(chunk: IndexedChunk, vector?: Int8Array): void {
    this.remove(chunk.id);
    const weighted = weightedTerms(chunk);
    const tf = termCounts(weighted);
    for (const term of tf.keys()) {
      this.df.set(term, (this.df.get(term) ?? 0) + 1);
      const list = this.postings.get(term) ?? new Set<string>();
      list.add(chunk.id);
      this.postings.set(term, list);
    }
    this.totalLength += weighted.length;
    const embedded = vector ?? quantize(embedOffline(`${chunk.headingPath.join(" ")} ${chunk.text}`, isStopword));
    this.entries.set(chunk.id, { chunk, tf, length: weighted.length, vector: embedded });
    const siblings = this.documents.get(chunk.documentKey) ?? new Map<string, IndexedChunk>();
    siblings.set(chunk.id, chunk);
    this.documents.set(chunk.documentKey, siblings);
    this.stale.add(chunk.documentKey);
  }

  /** Swaps a chunk's vector (a re-embedded index switching spaces) without re-reading its text. */
  setVector(chunkId: string, vector: Int8Array): void {
    const entry = this.entries.get(chunkId);
    if (entry) entry.vector = vector;
  }

  remove(chunkId: string): void {
    const entry = this.entries.get(chunkId);
    if (!entry) return;
    for (const term of entry.tf.keys()) {
      const df = (this.df.get(term) ?? 1) - 1;
      if (df <= 0) this.df.delete(term);
      else this.df.set(term, df);
      this.postings.get(term)?.delete(chunkId);
    }
    this.totalLength -= entry.length;
    this.entries.delete(chunkId);
    const siblings = this.documents.get(entry.chunk.documentKey);
    siblings?.delete(chunkId);
    if (siblings?.size === 0) this.documents.delete(entry.chunk.documentKey);
    this.stale.add(entry.chunk.documentKey);
  }

  private idf = (term: string): number => inverseFrequency(this.entries.size, this.df.get(term) ?? 0);

  /**
   * The best chunks for `query`, best first, with the scores that ranked them. `semantic` is the
   * question's vector (cosines are computed here, over the vectors this engine holds), or the
   * cosines an external vector index found for its nearest chunks (Vectorize).
   */
  search(query: string, k: number, semantic: Semantic = offlineSemantic(query)): ChunkHit[] {
    const list = questionTerms(query);
    if (list.length === 0 || this.entries.size === 0) return [];
    const weighted = weighQuery(list, this.idf);
    const avgLength = this.totalLength / this.entries.size;
    const lexical = new Map<string, Lexical>();
    for (const term of weighted.eligible)
      for (const id of this.postings.get(term) ?? []) {
        if (lexical.has(id)) continue;
        const entry = this.entries.get(id) as Entry;
        lexical.set(id, lexicalScore(weighted, entry.tf, entry.length, avgLength));
      }
    const candidates = bestLexical(lexical);
    const pooled = new Set(candidates);
    const cosine = (id: string, entry: Entry): number =>
      "vector" in semantic
        ? dotQuantized(semantic.vector, entry.vector)
        : "scores" in semantic
          ? (semantic.scores.get(id) ?? 0)
          : 0;
    const pairs = (function* (entries: Map<string, Entry>): Iterable<[string, number]> {
      if ("fullTextOnly" in semantic) return;
      const ids = "vector" in semantic ? entries.keys() : semantic.scores.keys();
      for (const id of ids) {
        const entry = entries.get(id);
        if (entry) yield [id, cosine(id, entry)];
      }
    })(this.entries);
    const nearest = nearestOutside(pairs, (id) => pooled.has(id), k);
    const hits = [...candidates, ...nearest.map(([id]) => id)].map((id) => {
      const entry = this.entries.get(id) as Entry;
      return fuse(entry.chunk, lexical.get(id), cosine(id, entry), weighted, semantic);
    });
    return bestHits(hits, k);
  }

  /** Documents ranked for `query`: best chunk score plus the IDF-weighted overlap of title and question. */
  searchDocuments(asked: string, k: number, semantic: Semantic = offlineSemantic(asked)): DocumentHit[] {
    const query = correctQuery(asked, (list) => new Map(list.map((term) => [term, this.df.get(term) ?? 0])));
    const hits = this.search(query, CHUNKS_FOR_DOCUMENTS, semantic);
    const scores = this.documentLevel ? documentScores(questionTerms(query), this.documentIndex()) : undefined;
    return rankDocuments(query, hits, this.idf, k, scores);
  }

  /** The whole-text postings of every document, brought up to date with the chunks added and removed since the last search. */
  private documentIndex(): DocumentPostings {
    for (const key of this.stale) {
      for (const term of this.documentCounts.get(key)?.keys() ?? []) {
        const list = this.documentPostings.get(term);
        list?.delete(key);
        if (list?.size === 0) this.documentPostings.delete(term);
      }
      this.documentTotalLength -= this.documentLengths.get(key) ?? 0;
      this.documentCounts.delete(key);
      this.documentLengths.delete(key);
      const chunks = this.documents.get(key);
      if (!chunks) continue;
      const list = documentTerms([...chunks.values()]);
      const counts = termCounts(list);
      for (const [term, f] of counts) {
        const postings = this.documentPostings.get(term) ?? new Map<string, number>();
        postings.set(key, f);
        this.documentPostings.set(term, postings);
      }
      this.documentCounts.set(key, counts);
      this.documentLengths.set(key, list.length);
      this.documentTotalLength += list.length;
    }
    this.stale.clear();
    return {
      documents: this.documentLengths.size,
      totalLength: this.documentTotalLength,
      postings: this.documentPostings,
      lengths: this.documentLengths,
    };
  }
}
