/**
 * The vector spaces of one agent's index over time: which space searches use and which one a
 * re-embed is moving the index into (the plan, `vectors.ts`), an empty index starting in the
 * configured space at once, and the background re-embed when the configuration asks for another
 * space — an alarm embeds every chunk into it in batches (searches keep using the old vectors, new
 * documents get both), then switches, tells the replicas and drops the old space's Vectorize
 * vectors. Only replica 0 embeds; `knowledge-index.ts` runs each step among its serialized writes.
 */
import { quantize } from "../../worker/knowledge/engine/embedder";
import { syncReplicas } from "../../worker/knowledge/embedded-index";
import type { ChunkTables } from "./chunks";
import type { StoredSearch } from "./stored-search";
import { DEFAULT_SPACE, parseSpace, VectorSpaces, type Side, type VectorEnv, type VectorPlan } from "./vectors";

const REEMBED_BATCH = 64; // chunks embedded per alarm: one provider call, well inside a request's limits
const REEMBED_RETRY_MS = 60_000; // a provider outage: try again in a minute; searches meanwhile use the old vectors
/** What a chunk stores as its vector when its vectors live in Vectorize. */
export const NO_VECTOR = new Int8Array(0);

/** The text of a chunk that is embedded: its heading path, then its text. */
export const embedText = (chunk: { headingPath: string[]; text: string }): string =>
  `${chunk.headingPath.join(" ")} ${chunk.text}`;
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What the re-embed (and a replica's upkeep) needs of its object. */
export type IndexHost = {
  ctx: DurableObjectState;
  /** Read at each use: a deploy (or a test) may give the object a new configuration. */
  env: () => Env;
  tables: ChunkTables;
  stored: StoredSearch;
  agentId: string;
  /** This object's replica number (0: the one that takes writes and embeds). */
  replica: number;
};

export class Reembedding {
  constructor(private readonly host: IndexHost) {}

  /** Where searches go now and where a re-embed is moving the index; `strict` throws when misconfigured. */
  plan(strict: boolean): VectorPlan {
    return this.spaces().plan(this.host.tables.activeSpace(DEFAULT_SPACE), strict);
  }

  /** An empty index has nothing to re-embed: it starts in the configured space at once. */
  adoptConfiguredWhenEmpty(): void {
    const { tables } = this.host;
    if (!tables.empty()) return;
    try {
      const configured = this.spaces().configured().space.id;
      if (configured !== tables.activeSpace(DEFAULT_SPACE)) tables.setActiveSpace(configured);
    } catch {
      // Misconfigured: ingest reports it; an empty index has nothing to search anyway.
    }
  }

  /** Sets the alarm when there is a space to move into or old vectors to drop (replica 0 only). */
  async schedule(): Promise<void> {
    if (this.host.replica !== 0) return; // replicas copy replica 0's vectors; they never embed chunks
    this.adoptConfiguredWhenEmpty();
    const due = this.plan(false).target !== null || this.host.tables.meta("drop_space") !== null;
    const { storage } = this.host.ctx;
    if (due && (await storage.getAlarm()) === null) await storage.setAlarm(Date.now());
  }

  /** The alarm: one step; a failure is kept for `status` and the step tried again a minute later. */
  async alarm(): Promise<void> {
    try {
      await this.step();
      this.host.tables.setMeta("reembed_error", null);
    } catch (error) {
      // Not rethrown: the runtime's few alarm retries would end the job; this one waits and goes on.
      console.error("re-embedding paused", error);
      this.host.tables.setMeta("reembed_error", reason(error).slice(0, 300));
      await this.host.ctx.storage.setAlarm(Date.now() + REEMBED_RETRY_MS);
    }
  }

  /** One step of the background job: drop a replaced space's vectors, or re-embed a batch, or switch once all are done. */
  private async step(): Promise<void> {
    const { ctx, tables, stored } = this.host;
    const plan = this.plan(false);
    const { target } = plan;
    const dropping = tables.meta("drop_space");
    if (dropping) {
      await this.spaces().storeOf(parseSpace(dropping), plan.active.space)?.remove(tables.ids());
      tables.setMeta("drop_space", null);
    }
    if (!target) return tables.clearNext();
    const batch = tables.missingNext(target.space.id, REEMBED_BATCH);
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
        tables.putNext(s.chunk.id, target.space.id, target.store ? NO_VECTOR : quantize(vectors[i] as Float32Array)),
      );
      await ctx.storage.setAlarm(Date.now());
      return;
    }
    // Every chunk has its new vector: switch, then drop the old space's Vectorize vectors (next alarm).
    tables.promoteNext(target.space.id);
    stored.replaceVectors(tables.vectors());
    // Replicas copy the new space at once rather than at their next check.
    ctx.waitUntil(
      syncReplicas(this.host.env(), this.host.agentId).catch((error) =>
        console.error("index replicas lag behind", error),
      ),
    );
    if (plan.active.space.backend === "vectorize") {
      tables.setMeta("drop_space", plan.active.space.id);
      await ctx.storage.setAlarm(Date.now());
    }
  }

  /** The configured spaces; one Vectorize namespace per agent, shared by its replicas. */
  private spaces(): VectorSpaces {
    return new VectorSpaces(this.host.env() as VectorEnv, this.host.agentId);
  }
}

/** Deletes chunks' vectors from whichever Vectorize indexes hold them. */
export async function dropVectors(plan: { active: Side; target: Side | null }, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await plan.active.store?.remove(ids);
  await plan.target?.store?.remove(ids);
}
