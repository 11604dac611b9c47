/**
 * The built-in offline embedder: hashed features (stemmed words, word pairs and character
 * n-grams of each word) folded into a fixed-size, L2-normalised vector. No model weights, fully
 * deterministic; good at "same words, other forms" and typo-level overlap, which BM25 misses.
 */
import { detectLanguage, stem, words, type Language } from "../text";

export const OFFLINE_DIMENSIONS = 512; // enough buckets that unrelated features rarely collide; 512 bytes per chunk as int8
/** Names this embedder's vector space (provider:model:dimensions, like the others). */
export const OFFLINE_EMBEDDER_ID = `offline:hash-v1:${OFFLINE_DIMENSIONS}`;
const NGRAM_SIZES = [3, 4] as const; // character n-grams that survive inflection and small typos
const WORD_WEIGHT = 1;
const PAIR_WEIGHT = 0.5; // neighbouring words ("upload port") are a strong but rarer signal
const NGRAM_WEIGHT = 0.25; // many n-grams per word: each counts a little

/** FNV-1a, 32 bit: a fast, well-spread string hash. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function add(vector: Float32Array, feature: string, weight: number): void {
  const h = hash(feature);
  const index = h % vector.length;
  vector[index] = (vector[index] ?? 0) + (h & 0x80000000 ? -weight : weight);
}

/** Embeds `text` offline; `stopwords` are skipped as words but still help the n-grams of their neighbours. */
export function embedOffline(
  text: string,
  isStopword: (word: string) => boolean,
  language: Language = detectLanguage(text),
): Float32Array {
  const vector = new Float32Array(OFFLINE_DIMENSIONS);
  const stems = words(text)
    .filter((w) => !isStopword(w))
    .map((w) => stem(w, language));
  for (let i = 0; i < stems.length; i++) {
    const term = stems[i] as string;
    add(vector, `w:${term}`, WORD_WEIGHT);
    const next = stems[i + 1];
    if (next) add(vector, `p:${term}_${next}`, PAIR_WEIGHT);
    const padded = `^${term}$`;
    for (const n of NGRAM_SIZES) {
      for (let j = 0; j + n <= padded.length; j++) add(vector, `g:${padded.slice(j, j + n)}`, NGRAM_WEIGHT);
    }
  }
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}

/** Quantises a unit vector to int8 (4x smaller; cosine error well under the ranking noise). */
export function quantize(vector: Float32Array): Int8Array {
  const out = new Int8Array(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = Math.max(-127, Math.min(127, Math.round((vector[i] ?? 0) * 127)));
  return out;
}

/** Dot product of a float query with an int8 chunk vector, rescaled to cosine. */
export function dotQuantized(query: Float32Array, chunk: Int8Array): number {
  let sum = 0;
  for (let i = 0; i < query.length; i++) sum += (query[i] ?? 0) * (chunk[i] ?? 0);
  return sum / 127;
}
