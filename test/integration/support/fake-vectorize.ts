/**
 * An in-memory stand-in for a Vectorize index binding (Vectorize has no local mode), implementing
 * the binding's `Vectorize` interface: upsert, insert, query (cosine within a namespace, topK,
 * returnValues/returnMetadata, metadata filter), queryById, getByIds, deleteByIds and describe,
 * with the service's limits on ids, dimensions, topK and batch sizes checked. Mutations apply at
 * once (the real service applies them within seconds). `failing` makes every call throw, as an
 * index that is down does.
 */
type Stored = { id: string; values: number[]; namespace: string; metadata: Record<string, VectorizeVectorMetadata> };

const MAX_ID_BYTES = 64; // Vectorize's limit on vector ids
const MAX_NAMESPACE_BYTES = 64; // and on namespace names
const MAX_VECTORS_PER_CALL = 1_000; // upsert/insert/delete batch limit of the Worker binding
const MAX_TOP_K = 100; // without values or metadata
const MAX_TOP_K_WITH_DETAILS = 50; // with returnValues or returnMetadata "all"

const bytes = (text: string) => new TextEncoder().encode(text).byteLength;

/** Vectorize's metadata filter: `{ key: value }` is `$eq`; also `$ne`, `$in`, `$nin`. */
function matchesFilter(
  metadata: Record<string, VectorizeVectorMetadata>,
  filter: VectorizeVectorMetadataFilter | undefined,
): boolean {
  for (const [key, condition] of Object.entries(filter ?? {})) {
    const value = metadata[key];
    if (condition === null || typeof condition !== "object" || Array.isArray(condition)) {
      if (value !== condition) return false;
      continue;
    }
    const ops = condition as Record<string, unknown>;
    if ("$eq" in ops && value !== ops.$eq) return false;
    if ("$ne" in ops && value === ops.$ne) return false;
    if ("$in" in ops && !(ops.$in as unknown[]).includes(value)) return false;
    if ("$nin" in ops && (ops.$nin as unknown[]).includes(value)) return false;
  }
  return true;
}

export class FakeVectorize implements Vectorize {
  readonly vectors = new Map<string, Stored>();
  /** Every call by name, so tests can see what reached the index. */
  readonly calls: string[] = [];
  failing = false;
  private mutations = 0;

  constructor(readonly dimensions: number) {}

  private enter(call: string): void {
    this.calls.push(call);
    if (this.failing) throw new Error(`VECTOR_${call.toUpperCase()}_ERROR: the index is unavailable`);
  }

  private check(vector: VectorizeVector): Stored {
    if (bytes(vector.id) > MAX_ID_BYTES) throw new Error(`VECTOR_UPSERT_ERROR: id longer than ${MAX_ID_BYTES} bytes`);
    if (vector.namespace && bytes(vector.namespace) > MAX_NAMESPACE_BYTES)
      throw new Error(`VECTOR_UPSERT_ERROR: namespace longer than ${MAX_NAMESPACE_BYTES} bytes`);
    const values = Array.from(vector.values as ArrayLike<number>);
    if (values.length !== this.dimensions)
      throw new Error(`VECTOR_UPSERT_ERROR: expected ${this.dimensions} dimensions, got ${values.length}`);
    return { id: vector.id, values, namespace: vector.namespace ?? "", metadata: { ...(vector.metadata ?? {}) } };
  }

  private mutation(count: number): VectorizeAsyncMutation {
    if (count > MAX_VECTORS_PER_CALL)
      throw new Error(`VECTOR_MUTATION_ERROR: more than ${MAX_VECTORS_PER_CALL} vectors in one call`);
    this.mutations += 1;
    return { mutationId: `mutation-${this.mutations}` };
  }

  async upsert(vectors: VectorizeVector[]): Promise<VectorizeAsyncMutation> {
    this.enter("upsert");
    const checked = vectors.map((v) => this.check(v));
    const result = this.mutation(vectors.length);
    for (const v of checked) this.vectors.set(v.id, v);
    return result;
  }

  async insert(vectors: VectorizeVector[]): Promise<VectorizeAsyncMutation> {
    this.enter("insert");
    const checked = vectors.map((v) => this.check(v)).filter((v) => !this.vectors.has(v.id)); // existing ids are left as they are
    const result = this.mutation(vectors.length);
    for (const v of checked) this.vectors.set(v.id, v);
    return result;
  }

  async query(vector: VectorFloatArray | number[], options: VectorizeQueryOptions = {}): Promise<VectorizeMatches> {
    this.enter("query");
    const query = Array.from(vector as ArrayLike<number>);
    if (query.length !== this.dimensions)
      throw new Error(`VECTOR_QUERY_ERROR: expected ${this.dimensions} dimensions, got ${query.length}`);
    const topK = options.topK ?? 5;
    const withMetadata =
      options.returnMetadata === true || options.returnMetadata === "all" || options.returnMetadata === "indexed";
    if (
      topK >
      (options.returnMetadata === "all" || options.returnMetadata === true || options.returnValues
        ? MAX_TOP_K_WITH_DETAILS
        : MAX_TOP_K)
    )
      throw new Error("VECTOR_QUERY_ERROR: topK too large");
    const norm = (v: number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0)) || 1;
    const matches = [...this.vectors.values()]
      .filter((v) => (options.namespace ?? "") === v.namespace && matchesFilter(v.metadata, options.filter))
      .map((v) => ({
        v,
        score: v.values.reduce((sum, x, i) => sum + x * (query[i] ?? 0), 0) / (norm(v.values) * norm(query)),
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, topK)
      .map(({ v, score }) => ({
        id: v.id,
        score,
        namespace: v.namespace,
        ...(withMetadata ? { metadata: v.metadata } : {}),
        ...(options.returnValues ? { values: v.values } : {}),
      }));
    return { matches, count: matches.length };
  }

  async queryById(vectorId: string, options?: VectorizeQueryOptions): Promise<VectorizeMatches> {
    const stored = this.vectors.get(vectorId);
    if (!stored) return { matches: [], count: 0 };
    return this.query(stored.values, options);
  }

  async getByIds(ids: string[]): Promise<VectorizeVector[]> {
    this.enter("getByIds");
    return ids.flatMap((id) => {
      const v = this.vectors.get(id);
      return v ? [{ id: v.id, values: v.values, namespace: v.namespace, metadata: v.metadata }] : [];
    });
  }

  async deleteByIds(ids: string[]): Promise<VectorizeAsyncMutation> {
    this.enter("deleteByIds");
    const result = this.mutation(ids.length);
    for (const id of ids) this.vectors.delete(id);
    return result;
  }

  async describe(): Promise<VectorizeIndexInfo> {
    this.enter("describe");
    return {
      dimensions: this.dimensions,
      vectorCount: this.vectors.size,
      processedUpToDatetime: Date.now(),
      processedUpToMutation: this.mutations,
    };
  }

  inNamespace(namespace: string): Stored[] {
    return [...this.vectors.values()].filter((v) => v.namespace === namespace);
  }
}
