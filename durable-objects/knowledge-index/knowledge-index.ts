/**
 * The knowledge index of one agent: chunks in the object's SQLite, full-text search (FTS5 finding
 * candidates, BM25F ranking them) and vectors beside them (the embedded backend) or in Vectorize,
 * fused per search (`stored-search.ts`); nothing is rebuilt in memory on wake. Scores come out on
 * the calibrated scale, measured against the index's own background (`calibrate.ts`).
 * Vectors belong to one vector space (backend + embedder, see `vectors.ts`). When the
 * configuration asks for another, an alarm re-embeds every chunk into it in batches — searches
 * keep using the old vectors, new documents get both — then switches and drops the old ones.
 * An agent may have several replicas (`INDEX_REPLICAS`): replica 0 takes the writes and embeds; the
 * others copy it and only answer searches (`replication.ts`).
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
import { knowledgeIndex, replicaName, syncReplicas } from "../../worker/knowledge/embedded-index";
import { currentCalibration } from "./calibrate";
import { ChunkTables, type StoredChunk } from "./chunks";
import { ChangeLog, copyFromPrimary, type ReplicaPage } from "./replication";
import { StoredSearch } from "./stored-search";
import {
  DEFAULT_SPACE,
  parseSpace,
  VectorSpaces,
  type Backend,
  type Side,
  type VectorEnv,
  type VectorPlan,
} from "./vectors";

export type ChunkInput = { title: string; headingPath: string[]; text: string };
export type IndexedDocumentRef = { sourceId: string; documentId: string };
export type IndexStatus = {
  chunks: number;
  backend: Backend;
  embedder: string;
  /** The embedder (and backend) being re-embedded into, with progress and the last failure. */
  reembedding: { backend: Backend; embedder: string; done: number; error: string | null } | null;
};

const REEMBED_BATCH = 64; // chunks embedded per alarm: one provider call, well inside a request's limits
const REEMBED_RETRY_MS = 60_000; // a provider outage: try again in a minute; searches meanwhile use the old vectors
const NO_VECTOR = new Int8Array(0); // chunks whose vectors live in Vectorize
/** A replica asks replica 0 for missed changes (a write it never got, a re-embed's switch) at most this often. */
const REPLICA_RECHECK_MS = 30_000;

const embedText = (chunk: { headingPath: string[]; text: string }): string =>
  `${chunk.headingPath.join(" ")} ${chunk.text}`;
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class KnowledgeIndexDO extends DurableObject<Env> {
  private readonly tables: ChunkTables;
  private readonly stored: StoredSearch;
  private readonly changes: ChangeLog;
  /** This object's agent and replica number (0: the one that takes writes). */
  private readonly agentId: string;
  private readonly replica: number;
  private tail: Promise<unknown> = Promise.resolve();
  /** A replica: when it last caught up, whether a catch-up is under way, whether it ever copied replica 0. */
  private checkedAt = 0;
  private checking = false;
  private copied = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.tables = new ChunkTables(ctx.storage.sql);
    this.stored = new StoredSearch(ctx.storage, this.tables);
    ({ agentId: this.agentId, replica: this.replica } = replicaName(ctx.id.name ?? ctx.id.toString()));
    this.changes = new ChangeLog(ctx.storage.sql, this.tables);
  }

  /** Replaces every chunk of one document (an empty list removes it). Embeds first: a failing embedder changes nothing. */
  async replaceDocument(ref: IndexedDocumentRef, chunks: ChunkInput[]): Promise<number> {
    return this.serial(async () => {
      this.refuseOnReplica();
      this.adoptConfiguredWhenEmpty();
      const { active, target } = this.plan(true);
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
      await this.dropVectors(
        { active, target },
        removed.filter((id) => !kept.has(id)),
      );
      await this.scheduleReembed();
      await this.calibration();
      return chunks.length;
    });
  }

  async removeDocument(ref: IndexedDocumentRef): Promise<void> {
    await this.serial(() => {
      this.refuseOnReplica();
      this.changes.record([ref]);
      return this.removeChunks(this.tables.remove("document", ref.sourceId, ref.documentId));
    });
  }

  /** Removes every chunk of a source. */
  async removeSource(sourceId: string): Promise<void> {
    await this.serial(() => {
      this.refuseOnReplica();
      this.changes.record(this.changes.documentsOf(sourceId));
      return this.removeChunks(this.tables.remove("source", sourceId));
    });
  }

  /** Replica 0's documents changed after `version`, a page of them (what a replica copies). */
  async changesSince(version: number): Promise<ReplicaPage> {
    this.refuseOnReplica();
    await this.tail; // a write under way lands first: its vectors are then in the page
    return this.changes.since(version, this.tables, this.tables.activeSpace(DEFAULT_SPACE));
  }

  /** A replica: copies what replica 0 changed since the version it holds (nothing to do on replica 0). */
  async catchUp(): Promise<void> {
    if (this.replica === 0) return;
    await this.serial(async () => {
      const primary = knowledgeIndex(this.env, this.agentId, 0);
      await copyFromPrimary((held) => primary.changesSince(held), this.ctx.storage, this.tables, this.stored);
      this.checkedAt = Date.now();
      this.copied = true;
    });
  }

  /** Documents ranked for `query`, scored on the calibrated scale (`calibration.ts`). */
  async search(query: string, k: number): Promise<DocumentHit[]> {
    if (this.replica > 0) await this.keepUp();
    else await this.scheduleReembed();
    const calibration = await this.calibration();
    const [semantic] = await this.semantics([query]);
    return calibrated(this.stored.searchDocuments(query, k, semantic ?? FULL_TEXT_ONLY), calibration);
  }

  /** This index's calibration (measured again when the index has changed enough since: `calibrate.ts`). */
  private calibration(): Promise<Calibration> {
    const { active } = this.plan(false);
    return currentCalibration({
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
    const { active, target } = this.plan(false);
    const reembedding = target && {
      backend: target.space.backend,
      embedder: target.space.embedder,
      done: this.tables.countNext(target.space.id),
      error: this.tables.meta("reembed_error"),
    };
    return { chunks: this.stored.size, backend: active.space.backend, embedder: active.space.embedder, reembedding };
  }

  /** One step of the background job: drop a replaced space's vectors, or re-embed a batch, or switch once all are done. */
  async alarm(): Promise<void> {
    await this.serial(async () => {
      try {
        await this.reembedStep();
        this.tables.setMeta("reembed_error", null);
      } catch (error) {
        // Not rethrown: the runtime's few alarm retries would end the job; this one waits and goes on.
        console.error("re-embedding paused", error);
        this.tables.setMeta("reembed_error", reason(error).slice(0, 300));
        await this.ctx.storage.setAlarm(Date.now() + REEMBED_RETRY_MS);
      }
    });
  }

  private async reembedStep(): Promise<void> {
    const plan = this.plan(false);
    const { target } = plan;
    const dropping = this.tables.meta("drop_space");
    if (dropping) {
      await new VectorSpaces(this.env as VectorEnv, this.namespace())
        .storeOf(parseSpace(dropping), plan.active.space)
        ?.remove(this.tables.ids());
      this.tables.setMeta("drop_space", null);
    }
    if (!target) return this.tables.clearNext();
    const batch = this.tables.missingNext(target.space.id, REEMBED_BATCH);
    if (batch.length > 0) {
      const vectors = await target.embedder.embed(batch.map((s) => embedText(s.chunk)));
      await target.store?.upsert(
        batch.map((s, i) => ({
          chunkId: s.chunk.id,
          sourceId: s.sourceId,
          documentId: s.documentId,
          vector: vectors[i] as Float32Array,
        })),
      );
      batch.forEach((s, i) =>
        this.tables.putNext(
          s.chunk.id,
          target.space.id,
          target.store ? NO_VECTOR : quantize(vectors[i] as Float32Array),
        ),
      );
      await this.ctx.storage.setAlarm(Date.now());
      return;
    }
    // Every chunk has its new vector: switch, then drop the old space's Vectorize vectors (next alarm).
    this.tables.promoteNext(target.space.id);
    this.stored.replaceVectors(this.tables.vectors());
    // Replicas copy the new space at once rather than at their next check.
    this.ctx.waitUntil(
      syncReplicas(this.env, this.agentId).catch((error) => console.error("index replicas lag behind", error)),
    );
    if (plan.active.space.backend === "vectorize") {
      this.tables.setMeta("drop_space", plan.active.space.id);
      await this.ctx.storage.setAlarm(Date.now());
    }
  }

  /** Replicas copy replica 0; a write sent to one is a bug in the caller. */
  private refuseOnReplica(): void {
    if (this.replica !== 0) throw new Error(`index writes go to replica 0, not replica ${this.replica}`);
  }

  /** A replica that never copied waits for its first copy; otherwise it checks in the background now and then. */
  private async keepUp(): Promise<void> {
    this.copied ||= this.tables.meta("replica_version") !== null;
    if (!this.copied) return this.catchUp();
    if (this.checking || Date.now() - this.checkedAt < REPLICA_RECHECK_MS) return;
    this.checking = true;
    this.ctx.waitUntil(
      this.catchUp()
        .catch((error) => console.error("index replica could not catch up; it answers from what it holds", error))
        .finally(() => {
          this.checking = false;
        }),
    );
  }

  private plan(strict: boolean): VectorPlan {
    return new VectorSpaces(this.env as VectorEnv, this.namespace()).plan(
      this.tables.activeSpace(DEFAULT_SPACE),
      strict,
    );
  }

  /** An empty index has nothing to re-embed: it starts in the configured space at once. */
  private adoptConfiguredWhenEmpty(): void {
    if (!this.tables.empty()) return;
    try {
      const configured = new VectorSpaces(this.env as VectorEnv, this.namespace()).configured().space.id;
      if (configured !== this.tables.activeSpace(DEFAULT_SPACE)) this.tables.setActiveSpace(configured);
    } catch {
      // Misconfigured: ingest reports it; an empty index has nothing to search anyway.
    }
  }

  private async scheduleReembed(): Promise<void> {
    if (this.replica !== 0) return; // replicas copy replica 0's vectors; they never embed chunks
    this.adoptConfiguredWhenEmpty();
    const due = this.plan(false).target !== null || this.tables.meta("drop_space") !== null;
    if (due && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
  }

  /** One Vectorize namespace per agent, shared by its replicas. */
  private namespace(): string {
    return this.agentId;
  }

  /**
   * Each question in the active space (embedded in one call): its vector (embedded backend) or its
   * nearest chunks (Vectorize); full text alone when unreachable.
   */
  private async semantics(queries: string[]): Promise<Semantic[]> {
    const { active } = this.plan(false);
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
    await this.dropVectors(this.plan(false), ids);
    await this.calibration();
  }

  /** Deletes chunks' vectors from whichever Vectorize indexes hold them. */
  private async dropVectors(plan: { active: Side; target: Side | null }, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await plan.active.store?.remove(ids);
    await plan.target?.store?.remove(ids);
  }

  /** Runs index changes one at a time: an alarm's batch and an ingest never interleave across their awaits. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
