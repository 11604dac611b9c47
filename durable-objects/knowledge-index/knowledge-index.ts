/**
 * The knowledge index of one agent: chunks in the object's SQLite, full-text search (FTS5 finding
 * candidates, BM25F ranking them) and vectors beside them (the embedded backend) or in Vectorize,
 * fused per search (`stored-search.ts`); nothing is rebuilt in memory on wake. Scores come out on
 * the calibrated scale, measured against the index's own background (`calibrate.ts`).
 * Vectors belong to one vector space (backend + embedder, see `vectors.ts`). When the
 * configuration asks for another, an alarm re-embeds every chunk into it in batches — searches
 * keep using the old vectors, new documents get both — then switches and drops the old ones
 * (`reembed.ts`). An agent may have several replicas (`INDEX_REPLICAS`): replica 0 takes the writes
 * and embeds; the others copy it and only answer searches (`replica-upkeep.ts`, `replication.ts`).
 * This file is the object's surface: its RPC methods, run one write at a time.
 * The Worker reaches it through `worker/knowledge/embedded-index.ts`.
 */
import { DurableObject } from "cloudflare:workers";
import { calibrated, type Calibration } from "../../worker/knowledge/engine/calibration";
import { quantize } from "../../worker/knowledge/engine/embedder";
import {
  FULL_TEXT_ONLY,
  SEMANTIC_CANDIDATES,
  type DocumentHit,
  type Semantic,
} from "../../worker/knowledge/engine/ranking";
import type { VectorItem } from "../../worker/knowledge/vectorize-store";
import { chunkId, documentKey } from "../../worker/knowledge/document-keys";
import { replicaName } from "../../worker/knowledge/embedded-index";
import { currentCalibration } from "./calibrate";
import { ChunkTables, type StoredChunk } from "./chunks";
import { dropVectors, embedText, NO_VECTOR, Reembedding } from "./reembed";
import { ReplicaUpkeep } from "./replica-upkeep";
import { ChangeLog, type ReplicaPage } from "./replication";
import { StoredSearch } from "./stored-search";
import { DEFAULT_SPACE, VectorSpaces, type Backend } from "./vectors";

export type ChunkInput = { title: string; headingPath: string[]; text: string };
export type IndexedDocumentRef = { sourceId: string; documentId: string };
export type IndexStatus = {
  chunks: number;
  backend: Backend;
  embedder: string;
  /** The embedder (and backend) being re-embedded into, with progress and the last failure. */
  reembedding: { backend: Backend; embedder: string; done: number; error: string | null } | null;
};

export class KnowledgeIndexDO extends DurableObject<Env> {
  private readonly tables: ChunkTables;
  private readonly stored: StoredSearch;
  private readonly changes: ChangeLog;
  private readonly reembedding: Reembedding;
  private readonly upkeep: ReplicaUpkeep;
  /** This object's replica number (0: the one that takes writes). */
  private readonly replica: number;
  private tail: Promise<unknown> = Promise.resolve();
  /** Writes queued or running (`serial`): a search meanwhile keeps the calibration unless the index changed by a fifth. */
  private writing = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.tables = new ChunkTables(ctx.storage.sql);
    this.stored = new StoredSearch(ctx.storage, this.tables);
    const { agentId, replica } = replicaName(ctx.id.name ?? ctx.id.toString());
    this.replica = replica;
    this.changes = new ChangeLog(ctx.storage.sql, this.tables);
    // `env` is read at each use: a deploy (or a test) may give the object a new configuration.
    const host = { ctx, env: () => this.env, tables: this.tables, stored: this.stored, agentId, replica };
    this.reembedding = new Reembedding(host);
    this.upkeep = new ReplicaUpkeep({ ...host, serial: (work) => this.serial(work) });
  }

  /** Replaces every chunk of one document (an empty list removes it). Embeds first: a failing embedder changes nothing. */
  async replaceDocument(ref: IndexedDocumentRef, chunks: ChunkInput[]): Promise<number> {
    return this.serial(async () => {
      this.upkeep.refuseWrites();
      this.reembedding.adoptConfiguredWhenEmpty();
      const { active, target } = this.reembedding.plan(true);
      const texts = chunks.map(embedText);
      // Old-space vectors only where they can be stored; every provider call happens before any change.
      const activeVectors = VectorSpaces.searchable(active) ? await active.embedder.embed(texts) : null;
      const targetVectors = target ? await target.embedder.embed(texts) : null;

      const key = documentKey(ref.sourceId, ref.documentId);
      const stored = chunks.map((chunk, i): StoredChunk => {
        const vector = active.space.backend === "embedded" ? activeVectors?.[i] : undefined;
        return {
          chunk: {
            id: chunkId(key, i),
            documentKey: key,
            title: chunk.title,
            headingPath: chunk.headingPath,
            text: chunk.text,
          },
          sourceId: ref.sourceId,
          documentId: ref.documentId,
          vector: vector ? quantize(vector) : NO_VECTOR,
        };
      });
      const items = (vectors: Float32Array[]): VectorItem[] =>
        stored.map((s, i) => ({
          chunkId: s.chunk.id,
          sourceId: s.sourceId,
          documentId: s.documentId,
          vector: vectors[i] as Float32Array,
        }));
      if (active.store && activeVectors) await active.store.upsert(items(activeVectors));
      if (target?.store && targetVectors) await target.store.upsert(items(targetVectors));

      const removed = this.tables.remove("document", ref.sourceId, ref.documentId);
      this.changes.record([ref]);
      this.stored.remove(removed);
      stored.forEach((item, i) => {
        this.tables.insert(item);
        const next = targetVectors?.[i];
        if (target && next)
          this.tables.putNext(item.chunk.id, target.space.id, target.store ? NO_VECTOR : quantize(next));
      });
      this.stored.add(stored);
      // Vector ids follow chunk ids: the upserts replaced the kept ones; the rest go.
      const kept = new Set(stored.map((s) => s.chunk.id));
      await dropVectors(
        { active, target },
        removed.filter((id) => !kept.has(id)),
      );
      await this.reembedding.schedule();
      await this.calibration(false);
      return chunks.length;
    });
  }

  async removeDocument(ref: IndexedDocumentRef): Promise<void> {
    await this.serial(() => {
      this.upkeep.refuseWrites();
      this.changes.record([ref]);
      return this.removeChunks(this.tables.remove("document", ref.sourceId, ref.documentId));
    });
  }

  /** Removes every chunk of a source. */
  async removeSource(sourceId: string): Promise<void> {
    await this.serial(() => {
      this.upkeep.refuseWrites();
      this.changes.record(this.changes.documentsOf(sourceId));
      return this.removeChunks(this.tables.remove("source", sourceId));
    });
  }

  /** Replica 0's documents changed after `version`, a page of them (what a replica copies). */
  async changesSince(version: number): Promise<ReplicaPage> {
    this.upkeep.refuseWrites();
    await this.tail; // a write under way lands first: its vectors are then in the page
    return this.changes.since(version, this.tables, this.tables.activeSpace(DEFAULT_SPACE));
  }

  /** A replica: copies what replica 0 changed since the version it holds (nothing to do on replica 0). */
  async catchUp(): Promise<void> {
    await this.upkeep.catchUp();
  }

  /** Documents ranked for `query`, scored on the calibrated scale (`calibration.ts`). */
  async search(query: string, k: number): Promise<DocumentHit[]> {
    if (this.replica > 0) await this.upkeep.keepUp();
    else await this.reembedding.schedule();
    const calibration = await this.calibration(this.writing === 0);
    const [semantic] = await this.semantics([query]);
    return calibrated(this.stored.searchDocuments(query, k, semantic ?? FULL_TEXT_ONLY), calibration);
  }

  /**
   * This index's calibration (measured again when the index has changed enough since: `calibrate.ts`);
   * `settled`: no write is under way, so any change since it was measured counts.
   */
  private calibration(settled: boolean): Promise<Calibration> {
    const { active } = this.reembedding.plan(false);
    const version = this.replica === 0 ? this.changes.version() : Number(this.tables.meta("replica_version") ?? "0");
    return currentCalibration({
      version,
      settled,
      tables: this.tables,
      stored: this.stored,
      space: active.space.id,
      vectors: VectorSpaces.searchable(active),
      semantics: (questions) => this.semantics(questions),
    });
  }

  async chunkCount(): Promise<number> {
    return this.stored.size;
  }

  async status(): Promise<IndexStatus> {
    const { active, target } = this.reembedding.plan(false);
    const reembedding = target && {
      backend: target.space.backend,
      embedder: target.space.embedder,
      done: this.tables.countNext(target.space.id),
      error: this.tables.meta("reembed_error"),
    };
    return { chunks: this.stored.size, backend: active.space.backend, embedder: active.space.embedder, reembedding };
  }

  /** One step of the background re-embed (`reembed.ts`), among the other writes. */
  async alarm(): Promise<void> {
    await this.serial(() => this.reembedding.alarm());
  }

  /**
   * Each question in the active space (embedded in one call): its vector (embedded backend) or its
   * nearest chunks (Vectorize); full text alone when unreachable.
   */
  private async semantics(queries: string[]): Promise<Semantic[]> {
    const { active } = this.reembedding.plan(false);
    const fullText = () => queries.map(() => FULL_TEXT_ONLY);
    if (!VectorSpaces.searchable(active) || queries.length === 0) return fullText();
    try {
      const vectors = await active.embedder.embed(queries);
      const store = active.store;
      const semantics = await Promise.all(
        queries.map(async (_, i): Promise<Semantic> => {
          const vector = vectors[i];
          if (!vector) return FULL_TEXT_ONLY;
          return store ? { scores: await store.nearest(vector, SEMANTIC_CANDIDATES) } : { vector };
        }),
      );
      // A re-embed that switched while the questions were embedded leaves these vectors in the old space.
      return this.tables.activeSpace(DEFAULT_SPACE) === active.space.id ? semantics : fullText();
    } catch (error) {
      // An embedding provider or vector index that is down must not take answers down with it.
      console.error("semantic search unavailable; answering from full text", error);
      return fullText();
    }
  }

  private async removeChunks(ids: string[]): Promise<void> {
    this.stored.remove(ids);
    await dropVectors(this.reembedding.plan(false), ids);
    await this.calibration(false);
  }

  /** Runs index changes one at a time: an alarm's batch and an ingest never interleave across their awaits. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    this.writing++;
    const run = this.tail.then(work, work).finally(() => {
      this.writing--;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }
}
