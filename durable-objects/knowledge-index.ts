/**
 * The knowledge index of one agent: chunks in the object's SQLite, full-text search (BM25F) in
 * memory, and vectors either beside them (the embedded backend) or in Vectorize; both sides are
 * fused per search. Vectors belong to one embedder's space. When the configured embedder
 * changes, an alarm re-embeds every chunk in the background — searches keep using the old
 * vectors, new documents get both — and then switches. The Worker reaches it through
 * `worker/knowledge/embedded-index.ts`.
 */
import { DurableObject } from "cloudflare:workers";
import { OFFLINE_EMBEDDER_ID, quantize } from "../worker/knowledge/engine/embedder";
import { offlineEmbedder, selectEmbedder, type Embedder } from "../worker/knowledge/engine/embedders";
import { SearchEngine, SEMANTIC_CANDIDATES, type DocumentHit, type Semantic } from "../worker/knowledge/engine/search-engine";
import { VectorizeStore, type VectorIndexBinding } from "../worker/knowledge/vectorize-store";
import { ChunkTables, chunkId, documentKey, type StoredChunk } from "./knowledge-chunks";

export { documentKey, splitDocumentKey } from "./knowledge-chunks";

export type ChunkInput = { title: string; headingPath: string[]; text: string };
export type IndexedDocumentRef = { sourceId: string; documentId: string };
export type IndexStatus = { chunks: number; embedder: string; reembeddingTo: string | null; backend: "embedded" | "vectorize" };

const REEMBED_BATCH = 64; // chunks embedded per alarm: one provider call, well inside a request's limits
const NO_VECTOR = new Int8Array(0); // chunks whose vectors live in Vectorize
const FULL_TEXT_ONLY: Semantic = { scores: new Map() };

const embedText = (chunk: ChunkInput): string => `${chunk.headingPath.join(" ")} ${chunk.text}`;

export class KnowledgeIndexDO extends DurableObject<Env> {
  private readonly engine = new SearchEngine();
  private readonly tables: ChunkTables;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.tables = new ChunkTables(ctx.storage.sql);
    for (const stored of this.tables.all()) this.engine.add(stored.chunk, stored.vector);
  }

  /** Replaces every chunk of one document (an empty list removes it). Embeds first: a failing embedder changes nothing. */
  async replaceDocument(ref: IndexedDocumentRef, chunks: ChunkInput[]): Promise<number> {
    this.adoptConfiguredWhenEmpty();
    const key = documentKey(ref.sourceId, ref.documentId);
    const texts = chunks.map(embedText);
    const active = this.activeEmbedder();
    const target = this.reembedTarget();
    const vectors = active ? await active.embed(texts) : texts.map(() => null);
    const nextVectors = target ? await target.embed(texts) : null;

    await this.removeChunks(this.tables.remove("document", ref.sourceId, ref.documentId));
    const stored = chunks.map((chunk, i): StoredChunk => {
      const id = chunkId(key, i);
      const vector = vectors[i];
      return {
        chunk: { id, documentKey: key, title: chunk.title, headingPath: chunk.headingPath, text: chunk.text },
        sourceId: ref.sourceId,
        documentId: ref.documentId,
        vector: this.vectorize() || !vector ? NO_VECTOR : quantize(vector),
      };
    });
    for (const item of stored) {
      this.tables.insert(item);
      this.engine.add(item.chunk, item.vector);
    }
    const store = this.vectorize();
    // A Vectorize index holds one embedder's vectors: during a re-embed the binding names the new one.
    const forStore = nextVectors ?? vectors;
    if (store && forStore.every((v) => v)) await store.upsert(stored.map((s, i) => ({ chunkId: s.chunk.id, vector: forStore[i] as Float32Array })));
    if (target && nextVectors) stored.forEach((s, i) => this.tables.putNext(s.chunk.id, target.id, store ? NO_VECTOR : quantize(nextVectors[i] as Float32Array)));
    await this.scheduleReembed();
    return chunks.length;
  }

  async removeDocument(ref: IndexedDocumentRef): Promise<void> {
    await this.removeChunks(this.tables.remove("document", ref.sourceId, ref.documentId));
  }

  /** Removes every chunk of a source. */
  async removeSource(sourceId: string): Promise<void> {
    await this.removeChunks(this.tables.remove("source", sourceId));
  }

  async search(query: string, k: number): Promise<DocumentHit[]> {
    await this.scheduleReembed();
    return this.engine.searchDocuments(query, k, await this.semantic(query));
  }

  async chunkCount(): Promise<number> {
    return this.engine.size;
  }

  async status(): Promise<IndexStatus> {
    return { chunks: this.engine.size, embedder: this.tables.activeEmbedder(OFFLINE_EMBEDDER_ID), reembeddingTo: this.reembedTarget()?.id ?? null, backend: this.vectorize() ? "vectorize" : "embedded" };
  }

  /** Re-embeds a batch of chunks with the configured embedder; switches once all have a vector. */
  async alarm(): Promise<void> {
    const target = this.reembedTarget();
    if (!target) return this.tables.clearNext();
    const batch = this.tables.missingNext(target.id, REEMBED_BATCH);
    if (batch.length > 0) {
      const vectors = await target.embed(batch.map((s) => embedText(s.chunk)));
      const store = this.vectorize();
      if (store) await store.upsert(batch.map((s, i) => ({ chunkId: s.chunk.id, vector: vectors[i] as Float32Array })));
      batch.forEach((s, i) => this.tables.putNext(s.chunk.id, target.id, store ? NO_VECTOR : quantize(vectors[i] as Float32Array)));
      await this.ctx.storage.setAlarm(Date.now());
      return;
    }
    this.tables.promoteNext(target.id);
    for (const stored of this.tables.all()) this.engine.add(stored.chunk, stored.vector);
  }

  /** The embedder whose space the stored vectors are in, or null when it can no longer be used (it will be replaced). */
  private activeEmbedder(): Embedder | null {
    const id = this.tables.activeEmbedder(OFFLINE_EMBEDDER_ID);
    const configured = selectEmbedder(this.env);
    if (configured.id === id) return configured;
    return id === OFFLINE_EMBEDDER_ID ? offlineEmbedder : null;
  }

  /** The configured embedder when it is not the active one yet (a re-embed is due). */
  private reembedTarget(): Embedder | null {
    const configured = selectEmbedder(this.env);
    return configured.id === this.tables.activeEmbedder(OFFLINE_EMBEDDER_ID) ? null : configured;
  }

  /** An empty index has nothing to re-embed: it starts in the configured embedder's space at once. */
  private adoptConfiguredWhenEmpty(): void {
    if (this.tables.count() === 0 && this.reembedTarget()) this.tables.setActiveEmbedder(selectEmbedder(this.env).id);
  }

  private async scheduleReembed(): Promise<void> {
    this.adoptConfiguredWhenEmpty();
    if (this.reembedTarget() && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
  }

  private vectorize(): VectorizeStore | null {
    if (this.env.VECTOR_BACKEND !== "vectorize") return null;
    return new VectorizeStore(this.env.VECTORIZE as unknown as VectorIndexBinding, this.namespace());
  }

  /** One Vectorize namespace per agent: the object's name is the agent id. */
  private namespace(): string {
    return this.ctx.id.name ?? this.ctx.id.toString();
  }

  private async semantic(query: string): Promise<Semantic> {
    const store = this.vectorize();
    // Vectorize's index is the configured embedder's (filling during a re-embed); embedded vectors are the active one's.
    const embedder = store ? (this.reembedTarget() ?? this.activeEmbedder()) : this.activeEmbedder();
    if (!embedder) return FULL_TEXT_ONLY;
    try {
      const [vector] = await embedder.embed([query]);
      if (!vector) return FULL_TEXT_ONLY;
      return store ? { scores: await store.nearest(vector, SEMANTIC_CANDIDATES) } : { vector };
    } catch (error) {
      // An embedding provider or vector index that is down must not take answers down with it.
      console.error("semantic search unavailable; answering from full text", error);
      return FULL_TEXT_ONLY;
    }
  }

  private async removeChunks(ids: string[]): Promise<void> {
    for (const id of ids) this.engine.remove(id);
    await this.vectorize()?.remove(ids);
  }
}
