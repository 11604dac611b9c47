/**
 * The document-level signal of the shared ranking: plain BM25 over each document's whole text
 * (title counted twice, each distinct section heading once, the body once), with Frontdesk's
 * tokenizer and IDF. A symptom-style question often spreads its words over several sections of
 * the right article, where no single chunk holds enough of them; the whole document does.
 * `rankDocuments` (`ranking.ts`) orders documents by their chunk-level score plus this one, as a
 * share of the most the question's terms could score (so it is an absolute level, the same whichever
 * documents are ranked beside it), and leaves their evidence score alone. The in-memory
 * `SearchEngine` (postings of every document) and the index Durable Object's SQLite search
 * (`document_term_counts`: postings of the ranked documents only, with the document frequencies
 * beside them) give the ranked documents the same scores.
 */
import { terms } from "../text";
import { inverseFrequency, type IndexedChunk } from "./ranking";

const BM25_K1 = 1.2; // term-frequency saturation (the usual value, as the chunk-level BM25F)
const BM25_B = 0.75; // length normalisation (the usual value)
const TITLE_TIMES = 2; // a document's title names what it answers: counted twice beside its body

/** A document's terms as the document-level BM25 counts them, from its chunks (any order). */
export function documentTerms(chunks: readonly Pick<IndexedChunk, "title" | "headingPath" | "text">[]): string[] {
  const title = chunks[0]?.title ?? "";
  const headings = [...new Set(chunks.flatMap((c) => c.headingPath.slice(1)))];
  const out: string[] = [];
  for (let i = 0; i < TITLE_TIMES; i++) out.push(...terms(title));
  for (const heading of headings) out.push(...terms(heading));
  // The body is read as one text, so its language is detected once for the whole document.
  out.push(...terms(chunks.map((c) => c.text).join("\n")));
  return out;
}

/** The stored view one search needs: the question's terms' postings and the documents' lengths. */
export type DocumentPostings = {
  /** Documents indexed, and the sum of their lengths (for the average). */
  documents: number;
  totalLength: number;
  /** For each question term: the documents holding it and how often (a term's document frequency is its size). */
  postings: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** The length (terms counted) of every document in `postings`. */
  lengths: ReadonlyMap<string, number>;
  /** Each term's document frequency, when `postings` holds only some documents (the ones being ranked). */
  frequencies?: ReadonlyMap<string, number>;
};

/**
 * Each document's BM25 for the question's distinct terms `list`, as a share of the most any document
 * could score for them (every term's IDF × (k1 + 1), the saturation limit), in [0, 1): an absolute
 * level, so a question whose rare words no document holds gets a small share everywhere, not its
 * best document a fixed bonus. Documents holding none of the terms are left out.
 */
export function documentScores(list: readonly string[], index: DocumentPostings): Map<string, number> {
  const scores = new Map<string, number>();
  if (index.documents === 0) return scores;
  const avgLength = index.totalLength / index.documents;
  let attainable = 0;
  for (const term of list) {
    const postings = index.postings.get(term);
    const idf = inverseFrequency(index.documents, index.frequencies?.get(term) ?? postings?.size ?? 0);
    attainable += idf * (BM25_K1 + 1);
    for (const [key, f] of postings ?? []) {
      const length = index.lengths.get(key) ?? avgLength;
      const norm = f + BM25_K1 * (1 - BM25_B + (BM25_B * length) / avgLength);
      scores.set(key, (scores.get(key) ?? 0) + (idf * f * (BM25_K1 + 1)) / norm);
    }
  }
  for (const [key, score] of scores) scores.set(key, score / attainable);
  return scores;
}
