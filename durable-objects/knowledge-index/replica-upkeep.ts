/**
 * How a replica (1…N−1) of an agent's index stays in step with replica 0: it never takes a write;
 * one that never copied waits for its first copy before it answers; afterwards it asks replica 0 for
 * missed changes (a write it never got, a re-embed's switch) in the background, at most every 30 s.
 * The copying itself is `replication.ts`; `knowledge-index.ts` runs it among its serialized writes.
 */
import { knowledgeIndex } from "../../worker/knowledge/embedded-index";
import type { IndexHost } from "./reembed";
import { copyFromPrimary } from "./replication";

/** A replica asks replica 0 for missed changes (a write it never got, a re-embed's switch) at most this often. */
const REPLICA_RECHECK_MS = 30_000;

/** What the upkeep needs of its object: what the re-embed needs, and the object's serialized writes. */
export type ReplicaHost = IndexHost & { serial: <T>(work: () => Promise<T>) => Promise<T> };

export class ReplicaUpkeep {
  /** When it last caught up, whether a catch-up is under way, whether it ever copied replica 0. */
  private checkedAt = 0;
  private checking = false;
  private copied = false;

  constructor(private readonly host: ReplicaHost) {}

  /** Replicas copy replica 0; a write sent to one is a bug in the caller. */
  refuseWrites(): void {
    if (this.host.replica !== 0) throw new Error(`index writes go to replica 0, not replica ${this.host.replica}`);
  }

  /** Copies what replica 0 changed since the version this replica holds (nothing to do on replica 0). */
  async catchUp(): Promise<void> {
    const { ctx, tables, stored, agentId, replica } = this.host;
    if (replica === 0) return;
    await this.host.serial(async () => {
      const primary = knowledgeIndex(this.host.env(), agentId, 0);
      await copyFromPrimary((held) => primary.changesSince(held), ctx.storage, tables, stored);
      this.checkedAt = Date.now();
      this.copied = true;
    });
  }

  /**
   * Before a replica's search: a replica that never copied waits for its first copy; otherwise it
   * checks in the background now and then.
   */
  async keepUp(): Promise<void> {
    this.copied ||= this.host.tables.meta("replica_version") !== null;
    if (!this.copied) return this.catchUp();
    if (this.checking || Date.now() - this.checkedAt < REPLICA_RECHECK_MS) return;
    this.checking = true;
    this.host.ctx.waitUntil(
      this.catchUp()
        .catch((error) => console.error("index replica could not catch up; it answers from what it holds", error))
        .finally(() => {
          this.checking = false;
        }),
    );
  }
}
