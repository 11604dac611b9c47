/**
 * Chunk vectors in Cloudflare Vectorize (the production backend for large knowledge bases):
 * one index per embedder (its dimensions are fixed), one namespace per agent, vector ids
 * derived from chunk ids (Vectorize ids are at most 64 bytes; chunk ids hold URLs), and the
 * source, document and chunk ids kept in metadata. The Durable Object keeps the text and the
 * full-text side; this store only answers "which chunks are nearest".
 */

/** What the store needs of a Vectorize binding (both the current and the beta binding types have it). */
export type VectorIndexBinding = {
  upsert(vectors: VectorizeVector[]): Promise<unknown>;
  query(vector: number[] | Float32Array, options?: VectorizeQueryOptions): Promise<VectorizeMatches>;
  deleteByIds(ids: string[]): Promise<unknown>;
};

/** Vectorize's most matches per query when metadata is returned. */
export const VECTORIZE_MAX_TOP_K = 50;
const UPSERT_BATCH = 500; // well under Vectorize's 1,000 vectors per call
const DELETE_BATCH = 500; // the same limit holds for ids per delete

export type VectorItem = { chunkId: string; sourceId: string; documentId: string; vector: Float32Array };

export async function vectorId(chunkId: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(chunkId)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class VectorizeStore {
  constructor(
    private readonly index: VectorIndexBinding,
    private readonly namespace: string,
  ) {}

  async upsert(items: VectorItem[]): Promise<void> {
    for (let i = 0; i < items.length; i += UPSERT_BATCH) {
      const batch = items.slice(i, i + UPSERT_BATCH);
      const vectors = await Promise.all(
        batch.map(async (item) => ({
          id: await vectorId(item.chunkId),
          values: Array.from(item.vector),
          namespace: this.namespace,
          metadata: { source: item.sourceId, document: item.documentId, chunk: item.chunkId },
        })),
      );
      await this.index.upsert(vectors);
    }
  }

  async remove(chunkIds: string[]): Promise<void> {
    for (let i = 0; i < chunkIds.length; i += DELETE_BATCH) {
      await this.index.deleteByIds(await Promise.all(chunkIds.slice(i, i + DELETE_BATCH).map(vectorId)));
    }
  }

  /** Cosine of the nearest chunks to `vector`, keyed by chunk id. */
  async nearest(vector: Float32Array, topK = VECTORIZE_MAX_TOP_K): Promise<Map<string, number>> {
    const { matches } = await this.index.query(Array.from(vector), {
      topK: Math.min(topK, VECTORIZE_MAX_TOP_K),
      namespace: this.namespace,
      returnMetadata: "all",
    });
    const scores = new Map<string, number>();
    for (const match of matches) {
      const chunk = match.metadata?.chunk;
      if (typeof chunk === "string") scores.set(chunk, match.score);
    }
    return scores;
  }
}
