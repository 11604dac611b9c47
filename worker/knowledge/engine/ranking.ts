/**
 * The ranking every search engine shares: a question's terms and their IDF weights, BM25F over a
 * chunk's weighted terms (title, heading path and body counted 3, 2 and 1 times), fusion with the
 * vector cosine, the pool of chunks a search scores, and the aggregation per document. The
 * in-memory `SearchEngine` (Node: eval tooling, unit tests) and the index Durable Object's SQLite
 * search (`durable-objects/knowledge-index/stored-search.ts`) feed it the same numbers.
 */
import { embedOffline } from "./embedder";
import { isStopword, terms } from "../text";
import { topSections } from "./document-sections";

export type IndexedChunk = {
  id: string;
  documentKey: string;
  title: string;
  headingPath: string[];
  text: string;
};

export type ChunkHit = { chunk: IndexedChunk; score: number; lexical: number; semantic: number; coverage: number };
/** A document's best chunks, ranked by its best chunk plus how well its title names the question. */
export type DocumentHit = {
  documentKey: string;
  /** The evidence: the best chunk's fused score plus the title's match (what calibration and thresholds read). */
  score: number;
  /** What documents are ordered by when it differs from `score`: `score` plus the document-level share. */
  order?: number;
  titleMatch: number;
  /** Its best chunk first; the best-ranked document's other sections that score nearly as well after it (`document-sections.ts`). */
  chunks: ChunkHit[];
};

/** The figure a document is ranked by. */
export const orderOf = (hit: Pick<DocumentHit, "score" | "order">): number => hit.order ?? hit.score;

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

const BM25_K1 = 1.2; // term-frequency saturation (the usual value)
const BM25_B = 0.75; // length normalisation (the usual value)
// Whole numbers: the stored full text repeats a title term TITLE_WEIGHT times, a heading term HEADING_WEIGHT times.
const TITLE_WEIGHT = 3; // article titles name the question an article answers
const HEADING_WEIGHT = 2; // section headings name what the section is about
const SEMANTIC_WEIGHT = 0.6; // share of the vector cosine in the fused score
const TITLE_MATCH_WEIGHT = 0.3; // help-center titles are questions: a title that is the question is a strong sign
/**
 * How much a document's whole-text BM25 (`document-bm25.ts`: a share of the most the question's
 * terms could score, 0–1) adds to the figure documents are ordered by. It orders only: a passage's
 * evidence stays its own score, so an off-topic question whose one rare word fills some document
 * gains no grounding from it. 1: chosen on the odd half of the visitors' set (issue 14); 0.5 gained
 * less, 1.5 and 2 lost on the first dev set.
 */
const DOCUMENT_WEIGHT = 1;
const MIN_TERM_WEIGHT = 0.15; // IDF of a term in about 85% of chunks: it cannot separate them
const MAX_QUERY_TERMS = 64; // a longer "question" is a pasted document: its first 64 distinct terms say what it is about
/** Chunks scored by vector after the lexical pass (the best lexical ones). */
export const LEXICAL_CANDIDATES = 200;
/** How many nearest chunks to ask an external vector index for: the same pool the lexical pass feeds. */
export const SEMANTIC_CANDIDATES = LEXICAL_CANDIDATES;
/** Chunks looked at when ranking documents. */
export const CHUNKS_FOR_DOCUMENTS = 60;

/** A chunk's terms as BM25F counts them: each title term three times, each heading term twice, each body term once. */
export function weightedTerms(chunk: Pick<IndexedChunk, "title" | "headingPath" | "text">): string[] {
  const out: string[] = [];
  const push = (list: string[], times: number) => {
    for (const term of list) for (let i = 0; i < times; i++) out.push(term);
  };
  push(terms(chunk.title), TITLE_WEIGHT);
  push(terms(chunk.headingPath.slice(1).join(" ")), HEADING_WEIGHT);
  push(terms(chunk.text), 1);
  return out;
}

/** How often each term occurs in a list of weighted terms. */
export function termCounts(weighted: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of weighted) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** BM25's IDF of a term found in `df` of `chunks` chunks (never negative: a common term weighs little, not less than nothing). */
export const inverseFrequency = (chunks: number, df: number): number => Math.log(1 + (chunks - df + 0.5) / (df + 0.5));

/** A question as the ranking reads it: its distinct content terms, and the first MAX_QUERY_TERMS of them. */
type QuestionReading = { distinct: ReadonlySet<string>; scored: readonly string[] };

const QUESTION_MEMO = 256; // a search reads its question four times, a turn searches it and its translation; a bound keeps memory flat
const questionMemo = new Map<string, QuestionReading>();

/** The question's terms, stemmed once per searching object rather than at every step of every search that asks. */
function readQuestion(query: string): QuestionReading {
  let found = questionMemo.get(query);
  if (!found) {
    if (questionMemo.size >= QUESTION_MEMO) questionMemo.clear();
    const distinct = new Set(terms(query));
    found = { distinct, scored: [...distinct].slice(0, MAX_QUERY_TERMS) };
    questionMemo.set(query, found);
  }
  return found;
}

/** The distinct content terms of a question, at most MAX_QUERY_TERMS of them. */
export const questionTerms = (query: string): readonly string[] => readQuestion(query).scored;

/** A question ready to score: its terms, their weights, and those worth a posting list. */
export type WeightedQuery = {
  terms: readonly string[];
  weights: number[];
  /** Terms rare enough to separate chunks: only these are looked up. */
  eligible: string[];
  totalWeight: number;
  maxLexical: number;
};

export function weighQuery(list: readonly string[], idf: (term: string) => number): WeightedQuery {
  const weights = list.map(idf);
  const sum = weights.reduce((a, b) => a + b, 0);
  return {
    terms: list,
    weights,
    eligible: list.filter((_, i) => (weights[i] ?? 0) >= MIN_TERM_WEIGHT),
    totalWeight: sum || 1,
    maxLexical: sum * (BM25_K1 + 1),
  };
}

/** A chunk's raw BM25F score for the question and the summed weight of the eligible terms it contains. */
export type Lexical = { raw: number; matched: number };

export function lexicalScore(
  query: WeightedQuery,
  counts: ReadonlyMap<string, number>,
  length: number,
  avgLength: number,
): Lexical {
  let raw = 0;
  let matched = 0;
  query.terms.forEach((term, i) => {
    const weight = query.weights[i] ?? 0;
    const f = counts.get(term) ?? 0;
    // A term in most chunks ("arduino" in a help center about Arduino) tells nothing.
    if (weight < MIN_TERM_WEIGHT || f === 0) return;
    const norm = f + BM25_K1 * (1 - BM25_B + (BM25_B * length) / avgLength);
    raw += (weight * f * (BM25_K1 + 1)) / norm;
    matched += weight;
  });
  return { raw, matched };
}

/** Ids of the best `limit` lexical scores (ties by id, so every engine picks the same ones). */
export function bestLexical(scores: ReadonlyMap<string, Lexical>, limit = LEXICAL_CANDIDATES): string[] {
  return [...scores.entries()]
    .filter(([, lexical]) => lexical.raw > 0)
    .sort((a, b) => b[1].raw - a[1].raw || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([id]) => id);
}

/** The `k` best offers so far, best first (kept sorted; an offer no better than the k-th is dropped). */
export class RunningTop<K> {
  readonly best: [K, number][] = [];
  constructor(private readonly k: number) {}

  /** Whether an offer of `similarity` would be dropped unseen. */
  beneath(similarity: number): boolean {
    return this.best.length === this.k && similarity <= (this.best[this.k - 1]?.[1] ?? -1);
  }

  offer(key: K, similarity: number): void {
    if (this.beneath(similarity)) return;
    this.best.push([key, similarity]);
    this.best.sort((a, b) => b[1] - a[1]);
    if (this.best.length > this.k) this.best.pop();
  }
}

/**
 * The `k` most similar of `pairs` that `excluded` does not hold (a running top-k, not a sort of
 * everything): chunks outside the lexical pool can still be close in vector space (other word
 * forms, typos, other languages).
 */
export function nearestOutside<K>(
  pairs: Iterable<[K, number]>,
  excluded: (key: K) => boolean,
  k: number,
): [K, number][] {
  const top = new RunningTop<K>(k);
  for (const [key, similarity] of pairs) if (!excluded(key)) top.offer(key, similarity);
  return top.best;
}

/** The fused score of one chunk of the pool; `cosine` is its vector similarity to the question. */
export function fuse(
  chunk: IndexedChunk,
  lexical: Lexical | undefined,
  cosine: number,
  query: WeightedQuery,
  semantic: Semantic,
): ChunkHit {
  const lex = (lexical?.raw ?? 0) / query.maxLexical;
  const sem = Math.max(0, cosine);
  return {
    chunk,
    lexical: lex,
    semantic: sem,
    coverage: (lexical?.matched ?? 0) / query.totalWeight,
    // Without vectors the lexical score stands alone, so the score keeps its scale (and thresholds their meaning).
    score: "fullTextOnly" in semantic ? lex : (1 - SEMANTIC_WEIGHT) * lex + SEMANTIC_WEIGHT * sem,
  };
}

/** The best `k` hits, best first (ties by chunk id). */
export const bestHits = (hits: ChunkHit[], k: number): ChunkHit[] =>
  hits.sort((a, b) => b.score - a.score || (a.chunk.id < b.chunk.id ? -1 : 1)).slice(0, k);

/**
 * Documents ranked from their chunks' hits: best chunk score plus the IDF-weighted overlap of title
 * and question; when `documentScores` holds each document's whole-text BM25 share for the question,
 * they are ordered by that plus DOCUMENT_WEIGHT × the share (`order`), their `score` unchanged.
 */
export function rankDocuments(
  query: string,
  hits: ChunkHit[],
  idf: (term: string) => number,
  k: number,
  documentScores?: ReadonlyMap<string, number>,
): DocumentHit[] {
  const wanted = readQuestion(query).distinct;
  const byDocument = new Map<string, ChunkHit[]>();
  for (const hit of hits) {
    const list = byDocument.get(hit.chunk.documentKey) ?? [];
    list.push(hit);
    byDocument.set(hit.chunk.documentKey, list);
  }
  const documents = [...byDocument.entries()].map(([documentKey, chunks]): DocumentHit => {
    const best = chunks[0] as ChunkHit;
    const titleMatch = overlap(wanted, titleTerms(best.chunk.title), idf);
    const score = best.score + TITLE_MATCH_WEIGHT * titleMatch;
    const whole = documentScores?.get(documentKey);
    // The order only: the evidence (`score`) stays that of the passage and its title, which the document share does not lift.
    const order = documentScores ? score + DOCUMENT_WEIGHT * (whole ?? 0) : undefined;
    return { documentKey, chunks, titleMatch, score, ...(order === undefined ? {} : { order }) };
  });
  // Only the passages travel on (results cross an RPC boundary): each document's best chunk, and the best-ranked
  // document's other sections that score nearly as well.
  return documents
    .sort((a, b) => orderOf(b) - orderOf(a))
    .slice(0, k)
    .map((hit, i) => ({ ...hit, chunks: i === 0 ? topSections(hit.chunks) : hit.chunks.slice(0, 1) }));
}

/** Every term whose IDF the document ranking needs: the question's and the titles of the hits' documents. */
export function rankingTerms(query: string, hits: ChunkHit[]): Set<string> {
  const all = new Set(readQuestion(query).distinct);
  for (const hit of hits) for (const term of titleTerms(hit.chunk.title)) all.add(term);
  return all;
}

const TITLE_MEMO = 4_096; // titles stemmed once per searching object, not once per search; a bound keeps memory flat
const titleMemo = new Map<string, Set<string>>();

/** The terms of a document title (memoised: the same titles come back search after search). */
function titleTerms(title: string): Set<string> {
  let found = titleMemo.get(title);
  if (!found) {
    if (titleMemo.size >= TITLE_MEMO) titleMemo.clear();
    found = new Set(terms(title));
    titleMemo.set(title, found);
  }
  return found;
}

/** IDF-weighted F1 of two term sets: 1 when they are the same words, 0 when they share none. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>, idf: (term: string) => number): number {
  let shared = 0;
  let weightA = 0;
  let weightB = 0;
  for (const t of a) {
    const w = idf(t);
    weightA += w;
    if (b.has(t)) shared += w;
  }
  for (const t of b) weightB += idf(t);
  if (shared === 0) return 0;
  const precision = shared / weightB;
  const recall = shared / weightA;
  return (2 * precision * recall) / (precision + recall);
}
