/**
 * The in-memory hybrid search over an agent's chunks: BM25F over stemmed terms (title, heading
 * path and body weighted differently) fused with the cosine of offline-embedder vectors, and
 * aggregated per document. Pure TypeScript: the index Durable Object keeps one, and the
 * benchmarks and unit tests use it directly.
 */
import { dotQuantized, embedOffline, quantize } from "./embedder";
import { isStopword, terms } from "../text";

export type IndexedChunk = {
  id: string;
  documentKey: string;
  title: string;
  headingPath: string[];
  text: string;
};

export type ChunkHit = { chunk: IndexedChunk; score: number; lexical: number; semantic: number; coverage: number };
/** A document's best chunks, ranked by its best chunk plus how well its title names the question. */
export type DocumentHit = { documentKey: string; score: number; titleMatch: number; chunks: ChunkHit[] };

const BM25_K1 = 1.2; // term-frequency saturation (the usual value)
const BM25_B = 0.75; // length normalisation (the usual value)
const TITLE_WEIGHT = 3; // article titles name the question an article answers
const HEADING_WEIGHT = 2; // section headings name what the section is about
const SEMANTIC_WEIGHT = 0.6; // share of the vector cosine in the fused score
const CANDIDATES = 200; // chunks scored by vector after the lexical pass
const TITLE_MATCH_WEIGHT = 0.3; // help-center titles are questions: a title that is the question is a strong sign
const CHUNKS_FOR_DOCUMENTS = 60; // chunks looked at when ranking documents
const MIN_TERM_WEIGHT = 0.15; // IDF of a term in about 85% of chunks: it cannot separate them

/**
 * The semantic side of a search: the question's vector, cosines found by an external vector
 * index, or none at all (no usable vectors: the embedder or vector index is down, or the index
 * is being re-embedded where the old vectors cannot be reached).
 */
export type Semantic = { vector: Float32Array } | { scores: ReadonlyMap<string, number> } | { fullTextOnly: true };

/** No vectors: documents are ranked, and scored, on full text alone. */
export const FULL_TEXT_ONLY: Semantic = { fullTextOnly: true };

/** The offline embedder's view of a question (the default when nothing else is configured). */
export const offlineSemantic = (query: string): Semantic => ({ vector: embedOffline(query, isStopword) });

/** How many nearest chunks to ask an external vector index for: the same pool the lexical pass feeds. */
export const SEMANTIC_CANDIDATES = CANDIDATES;

type Entry = {
  chunk: IndexedChunk;
  tf: Map<string, number>;
  length: number;
  vector: Int8Array;
  titleTerms: Set<string>;
};

export class SearchEngine {
  private entries = new Map<string, Entry>();
  private df = new Map<string, number>();
  private postings = new Map<string, Set<string>>();
  private totalLength = 0;

  get size(): number {
    return this.entries.size;
  }

  /** Adds (or replaces) a chunk; `vector` is its int8 embedding (offline when omitted; an empty one for an external index). */
  add(chunk: IndexedChunk, vector?: Int8Array): void {
    this.remove(chunk.id);
    const tf = new Map<string, number>();
    const bump = (term: string, weight: number) => tf.set(term, (tf.get(term) ?? 0) + weight);
    const titleTerms = terms(chunk.title);
    for (const t of titleTerms) bump(t, TITLE_WEIGHT);
    for (const t of terms(chunk.headingPath.slice(1).join(" "))) bump(t, HEADING_WEIGHT);
    for (const t of terms(chunk.text)) bump(t, 1);
    let length = 0;
    for (const [term, count] of tf) {
      length += count;
      this.df.set(term, (this.df.get(term) ?? 0) + 1);
      const list = this.postings.get(term) ?? new Set<string>();
      list.add(chunk.id);
      this.postings.set(term, list);
    }
    this.totalLength += length;
    const embedded = vector ?? quantize(embedOffline(`${chunk.headingPath.join(" ")} ${chunk.text}`, isStopword));
    this.entries.set(chunk.id, { chunk, tf, length, vector: embedded, titleTerms: new Set(titleTerms) });
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
  }

  private idf(term: string): number {
    const n = this.entries.size;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * The best chunks for `query`, best first, with the scores that ranked them. `semantic` is the
   * question's vector (cosines are computed here, over the vectors this engine holds), or the
   * cosines an external vector index found for its nearest chunks (Vectorize).
   */
  search(query: string, k: number, semantic: Semantic = offlineSemantic(query)): ChunkHit[] {
    const queryTerms = [...new Set(terms(query))];
    if (queryTerms.length === 0 || this.entries.size === 0) return [];
    const avgLength = this.totalLength / this.entries.size;
    const weights = queryTerms.map((t) => this.idf(t));
    const maxLexical = weights.reduce((a, b) => a + b, 0) * (BM25_K1 + 1);

    const lexical = new Map<string, number>();
    const matched = new Map<string, number>();
    queryTerms.forEach((term, i) => {
      // A term in most chunks ("arduino" in a help center about Arduino) tells nothing: skip its long posting list.
      if ((weights[i] ?? 0) < MIN_TERM_WEIGHT) return;
      for (const id of this.postings.get(term) ?? []) {
        const entry = this.entries.get(id) as Entry;
        const f = entry.tf.get(term) ?? 0;
        const norm = f + BM25_K1 * (1 - BM25_B + (BM25_B * entry.length) / avgLength);
        lexical.set(id, (lexical.get(id) ?? 0) + ((weights[i] ?? 0) * f * (BM25_K1 + 1)) / norm);
        matched.set(id, (matched.get(id) ?? 0) + (weights[i] ?? 0));
      }
    });
    const totalWeight = weights.reduce((a, b) => a + b, 0) || 1;
    const candidates = [...lexical.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, CANDIDATES)
      .map(([id]) => id);
    const cosine = (id: string, entry: Entry): number =>
      "vector" in semantic
        ? dotQuantized(semantic.vector, entry.vector)
        : "scores" in semantic
          ? (semantic.scores.get(id) ?? 0)
          : 0;
    // Chunks with no shared term can still be close in vector space (other word forms, typos):
    // keep the k closest of them (a running top-k, not a sort of every chunk).
    const semanticOnly: [string, number][] = [];
    const pairs: Iterable<[string, unknown]> =
      "vector" in semantic ? this.entries : "scores" in semantic ? semantic.scores : [];
    for (const [id] of pairs) {
      const entry = this.entries.get(id);
      if (!entry || lexical.has(id)) continue;
      const similarity = cosine(id, entry);
      if (semanticOnly.length === k && similarity <= (semanticOnly[k - 1]?.[1] ?? -1)) continue;
      semanticOnly.push([id, similarity]);
      semanticOnly.sort((a, b) => b[1] - a[1]);
      if (semanticOnly.length > k) semanticOnly.pop();
    }
    const pool = [...candidates, ...semanticOnly.map(([id]) => id)];

    const hits = pool.map((id): ChunkHit => {
      const entry = this.entries.get(id) as Entry;
      const lex = (lexical.get(id) ?? 0) / maxLexical;
      const sem = Math.max(0, cosine(id, entry));
      return {
        chunk: entry.chunk,
        lexical: lex,
        semantic: sem,
        coverage: (matched.get(id) ?? 0) / totalWeight,
        // Without vectors the lexical score stands alone, so the score keeps its scale (and thresholds their meaning).
        score: "fullTextOnly" in semantic ? lex : (1 - SEMANTIC_WEIGHT) * lex + SEMANTIC_WEIGHT * sem,
      };
    });
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  }

  /** Documents ranked for `query`: best chunk score plus the IDF-weighted overlap of title and question. */
  searchDocuments(query: string, k: number, semantic: Semantic = offlineSemantic(query)): DocumentHit[] {
    const queryTerms = new Set(terms(query));
    const byDocument = new Map<string, ChunkHit[]>();
    for (const hit of this.search(query, CHUNKS_FOR_DOCUMENTS, semantic)) {
      const list = byDocument.get(hit.chunk.documentKey) ?? [];
      list.push(hit);
      byDocument.set(hit.chunk.documentKey, list);
    }
    const documents = [...byDocument.entries()].map(([documentKey, chunks]): DocumentHit => {
      const entry = this.entries.get((chunks[0] as ChunkHit).chunk.id) as Entry;
      const titleMatch = this.overlap(queryTerms, entry.titleTerms);
      // Only the best chunk travels on: it is the passage, and results cross an RPC boundary.
      return {
        documentKey,
        chunks: chunks.slice(0, 1),
        titleMatch,
        score: (chunks[0] as ChunkHit).score + TITLE_MATCH_WEIGHT * titleMatch,
      };
    });
    return documents.sort((a, b) => b.score - a.score).slice(0, k);
  }

  /** IDF-weighted F1 of two term sets: 1 when they are the same words, 0 when they share none. */
  private overlap(a: Set<string>, b: Set<string>): number {
    let shared = 0;
    let weightA = 0;
    let weightB = 0;
    for (const t of a) {
      const w = this.idf(t);
      weightA += w;
      if (b.has(t)) shared += w;
    }
    for (const t of b) weightB += this.idf(t);
    if (shared === 0) return 0;
    const precision = shared / weightB;
    const recall = shared / weightA;
    return (2 * precision * recall) / (precision + recall);
  }
}
