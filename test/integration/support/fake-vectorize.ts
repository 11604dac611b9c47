/**
 * An in-memory stand-in for a Vectorize index binding (Vectorize has no local mode): upsert,
 * insert, query by cosine within a namespace with topK and metadata, getByIds, deleteByIds and
 * describe, with the binding's limits on ids and dimensions checked.
 */
type Stored = { id: string; values: number[]; namespace: string; metadata: Record<string, VectorizeVectorMetadata> };

const MAX_ID_BYTES = 64;

export class FakeVectorize {
  readonly vectors = new Map<string, Stored>();
  constructor(readonly dimensions: number) {}

  private check(vector: VectorizeVector): Stored {
    if (new TextEncoder().encode(vector.id).byteLength > MAX_ID_BYTES) throw new Error(`VECTOR_UPSERT_ERROR: id longer than ${MAX_ID_BYTES} bytes`);
    const values = Array.from(vector.values as ArrayLike<number>);
    if (values.length !== this.dimensions) throw new Error(`VECTOR_UPSERT_ERROR: expected ${this.dimensions} dimensions, got ${values.length}`);
    return { id: vector.id, values, namespace: vector.namespace ?? "", metadata: (vector.metadata ?? {}) as Record<string, VectorizeVectorMetadata> };
  }

  async upsert(vectors: VectorizeVector[]): Promise<{ ids: string[]; count: number }> {
    for (const v of vectors) this.vectors.set(v.id, this.check(v));
    return { ids: vectors.map((v) => v.id), count: vectors.length };
  }

  async insert(vectors: VectorizeVector[]): Promise<{ ids: string[]; count: number }> {
    for (const v of vectors) if (this.vectors.has(v.id)) throw new Error(`VECTOR_INSERT_ERROR: ${v.id} exists`);
    return this.upsert(vectors);
  }

  async query(vector: number[] | Float32Array, options: VectorizeQueryOptions = {}): Promise<VectorizeMatches> {
    const query = Array.from(vector);
    if (query.length !== this.dimensions) throw new Error(`VECTOR_QUERY_ERROR: expected ${this.dimensions} dimensions`);
    const topK = options.topK ?? 5;
    const withMetadata = options.returnMetadata === true || options.returnMetadata === "all" || options.returnMetadata === "indexed";
    if (topK > (withMetadata || options.returnValues ? 50 : 100)) throw new Error("VECTOR_QUERY_ERROR: topK too large");
    const norm = (v: number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0)) || 1;
    const matches = [...this.vectors.values()]
      .filter((v) => (options.namespace ?? "") === v.namespace)
      .map((v) => ({ v, score: v.values.reduce((sum, x, i) => sum + x * (query[i] ?? 0), 0) / (norm(v.values) * norm(query)) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, topK)
      .map(({ v, score }) => ({ id: v.id, score, namespace: v.namespace, ...(withMetadata ? { metadata: v.metadata } : {}), ...(options.returnValues ? { values: v.values } : {}) }));
    return { matches, count: matches.length };
  }

  async getByIds(ids: string[]): Promise<VectorizeVector[]> {
    return ids.flatMap((id) => {
      const v = this.vectors.get(id);
      return v ? [{ id: v.id, values: v.values, namespace: v.namespace, metadata: v.metadata }] : [];
    });
  }

  async deleteByIds(ids: string[]): Promise<{ ids: string[]; count: number }> {
    const deleted = ids.filter((id) => this.vectors.delete(id));
    return { ids: deleted, count: deleted.length };
  }

  async describe(): Promise<{ dimensions: number; vectorCount: number }> {
    return { dimensions: this.dimensions, vectorCount: this.vectors.size };
  }

  inNamespace(namespace: string): Stored[] {
    return [...this.vectors.values()].filter((v) => v.namespace === namespace);
  }
}
