/**
 * Index replicas (`INDEX_REPLICAS`): every write reaches every replica through the ingest path, a
 * search on any replica finds what replica 0 holds, removals reach them all, a replica added later
 * or one that missed a write catches up from replica 0, and a failed copy is repaired by the retry.
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  indexReplicas,
  knowledgeIndex,
  replicaFor,
  searchIndex,
  syncReplicas,
} from "../../worker/knowledge/embedded-index";
import { indexDocument, removeDocument, removeSourceFromIndex } from "../../worker/knowledge/ingest";
import { REPLICA_PAGE_CHUNKS } from "../../durable-objects/knowledge-index/replication";
import { DOCS, manual } from "./support/knowledge-index";

const withReplicas = (n: number, extra: Partial<Env> = {}) => ({ ...env, INDEX_REPLICAS: String(n), ...extra }) as Env;
const source = (agentId: string) => `src_${agentId}`;

async function ingest(indexEnv: Env, agentId: string, docs = DOCS): Promise<void> {
  for (const doc of docs)
    await indexDocument(indexEnv, {
      agentId,
      sourceId: source(agentId),
      documentId: doc.id,
      title: doc.title,
      url: null,
      markdown: doc.markdown,
    });
}

/** The best document's id on one replica. */
async function topOn(agentId: string, replica: number, query: string): Promise<string | undefined> {
  const hits = await knowledgeIndex(env, agentId, replica).search(query, 3);
  return hits[0]?.documentKey.split("\u001f")[1];
}

const chunksOn = (agentId: string, replica: number) => knowledgeIndex(env, agentId, replica).chunkCount();

/** One replica's per-document term counts (the document-level BM25's postings) and their totals. */
const documentTermsOn = (agentId: string, replica: number) =>
  runInDurableObject(knowledgeIndex(env, agentId, replica), (_instance, state) => ({
    counts: state.storage.sql
      .exec(`SELECT term, document_key, tf FROM document_term_counts ORDER BY term, document_key`)
      .toArray(),
    lengths: state.storage.sql
      .exec(`SELECT document_key, length FROM document_lengths ORDER BY document_key`)
      .toArray(),
    df: state.storage.sql.exec(`SELECT term, df FROM document_term_df ORDER BY term`).toArray(),
    totals: state.storage.sql.exec(`SELECT documents, length FROM document_term_totals`).toArray(),
  }));

/** An index namespace whose stub for one replica fails to catch up, as an unreachable object would. */
function failingReplica(agentId: string, replica: number): DurableObjectNamespace {
  const real = env.KNOWLEDGE_INDEX;
  const broken = real.idFromName(`${agentId}#replica-${replica}`);
  return {
    idFromName: (name: string) => real.idFromName(name),
    get: (id: DurableObjectId) =>
      id.equals(broken)
        ? {
            catchUp: async () => {
              throw new Error("replica unreachable");
            },
          }
        : real.get(id),
  } as unknown as DurableObjectNamespace;
}

describe("index replicas", () => {
  it("takes INDEX_REPLICAS as a whole number from 1 to 16 and refuses anything else clearly", () => {
    expect(indexReplicas({})).toBe(1);
    expect(indexReplicas({ INDEX_REPLICAS: "" })).toBe(1);
    expect(indexReplicas({ INDEX_REPLICAS: " 4 " })).toBe(4);
    for (const bad of ["0", "17", "2.5", "two", "-1"])
      expect(() => indexReplicas({ INDEX_REPLICAS: bad })).toThrow(
        /INDEX_REPLICAS must be a whole number from 1 to 16/,
      );
    // Searches stay on replica 0, which holds every write, while the setting is wrong.
    expect(replicaFor({ INDEX_REPLICAS: "many" }, "c_any")).toBe(0);
  });

  it("sends a conversation's searches to one replica, and spreads conversations over all of them", () => {
    const fourReplicas = { INDEX_REPLICAS: "4" };
    const ids = Array.from({ length: 200 }, (_, i) => `c_conversation${i}`);
    for (const id of ids) expect(replicaFor(fourReplicas, id)).toBe(replicaFor(fourReplicas, id));
    const used = new Set(ids.map((id) => replicaFor(fourReplicas, id)));
    expect([...used].sort()).toEqual([0, 1, 2, 3]);
    expect(new Set(ids.map((id) => replicaFor({ INDEX_REPLICAS: "1" }, id)))).toEqual(new Set([0]));
  });

  it("applies every write to every replica: a search on any replica finds the document", async () => {
    const agentId = "replicas-write";
    await ingest(withReplicas(3), agentId);
    for (const replica of [0, 1, 2]) {
      expect(await chunksOn(agentId, replica)).toBe(DOCS.length);
      expect(await topOn(agentId, replica, "How long do refunds take to reach my card?")).toBe("refund");
      expect(await topOn(agentId, replica, "How do I enter the bootloader?")).toBe("reset");
    }
    // Replicas copy the calibrated scale with the chunks: the same question scores the same everywhere.
    const scores = await Promise.all(
      [0, 1, 2].map(async (r) => (await knowledgeIndex(env, agentId, r).search("refund card", 1))[0]?.score),
    );
    expect(scores[0]).toBeGreaterThan(0);
    expect(new Set(scores).size).toBe(1);
    const primary = await documentTermsOn(agentId, 0);
    expect(primary.lengths).toHaveLength(DOCS.length);
    for (const replica of [1, 2]) expect(await documentTermsOn(agentId, replica)).toEqual(primary);
    // The way searches reach them: whichever replica a key picks answers alike.
    const picked = searchIndex(withReplicas(3), agentId, "c_someone");
    expect((await picked.search("refund card", 1))[0]?.documentKey).toContain("refund");
  });

  it("removes a document, then a source, from every replica", async () => {
    const agentId = "replicas-remove";
    const threeReplicas = withReplicas(3);
    await ingest(threeReplicas, agentId);
    await removeDocument(threeReplicas, agentId, source(agentId), "refund");
    for (const replica of [0, 1, 2]) {
      expect(await chunksOn(agentId, replica)).toBe(DOCS.length - 1);
      expect(await topOn(agentId, replica, "How long do refunds take to reach my card?")).not.toBe("refund");
      const { lengths } = await documentTermsOn(agentId, replica);
      expect(lengths.map((row) => String(row.document_key).split("\u001f")[1]).sort()).toEqual(
        DOCS.map((d) => d.id)
          .filter((id) => id !== "refund")
          .sort(),
      );
    }
    await removeSourceFromIndex(threeReplicas, agentId, source(agentId));
    for (const replica of [0, 1, 2]) {
      expect(await chunksOn(agentId, replica)).toBe(0);
      expect(await knowledgeIndex(env, agentId, replica).search("bootloader", 3)).toEqual([]);
      expect(await documentTermsOn(agentId, replica)).toEqual({
        counts: [],
        lengths: [],
        df: [],
        totals: [{ documents: 0, length: 0 }],
      });
    }
  });

  it("fills a replica added later from replica 0: at its first search, or when ingest next syncs", async () => {
    const agentId = "replicas-grow";
    await ingest(withReplicas(2), agentId);
    expect(await chunksOn(agentId, 2)).toBe(0); // never written to: N was 2
    expect(await topOn(agentId, 2, "How do I enter the bootloader?")).toBe("reset"); // copied before answering
    expect(await chunksOn(agentId, 2)).toBe(DOCS.length);

    expect(await chunksOn(agentId, 3)).toBe(0);
    await syncReplicas(withReplicas(4), agentId);
    expect(await chunksOn(agentId, 3)).toBe(DOCS.length);
  });

  it("repairs a replica whose copy failed when the queue retries the write", async () => {
    const agentId = "replicas-retry";
    const [first, second] = [DOCS.slice(0, 2), DOCS.slice(2)];
    await ingest(withReplicas(3), agentId, first);
    expect(await chunksOn(agentId, 2)).toBe(first.length);

    const broken = withReplicas(3, {
      KNOWLEDGE_INDEX: failingReplica(agentId, 2) as unknown as Env["KNOWLEDGE_INDEX"],
    });
    await expect(ingest(broken, agentId, second)).rejects.toThrow("replica unreachable");
    expect(await chunksOn(agentId, 1)).toBe(DOCS.length);
    expect(await chunksOn(agentId, 2)).toBe(first.length); // missed the write

    await ingest(withReplicas(3), agentId, second); // the retry
    expect(await chunksOn(agentId, 2)).toBe(DOCS.length);
    expect(await topOn(agentId, 2, "How long do refunds take to reach my card?")).toBe("refund");
  });

  it("copies everything again when replica 0 switched vector spaces (a re-embed finished)", async () => {
    const agentId = "replicas-switch";
    await ingest(withReplicas(2), agentId);
    // Replica 1 misses a removal, so it holds a document replica 0 no longer has: emptied with the rest.
    const broken = withReplicas(2, {
      KNOWLEDGE_INDEX: failingReplica(agentId, 1) as unknown as Env["KNOWLEDGE_INDEX"],
    });
    await expect(removeDocument(broken, agentId, source(agentId), "refund")).rejects.toThrow("replica unreachable");
    expect((await documentTermsOn(agentId, 1)).lengths).toHaveLength(DOCS.length);
    const other = "embedded/openai:text-embedding-3-small:64";
    await runInDurableObject(knowledgeIndex(env, agentId), (_instance, state) => {
      state.storage.sql.exec(
        `INSERT INTO index_meta (key, value) VALUES ('active_space', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
        other,
      );
    });
    await evictDurableObject(knowledgeIndex(env, agentId)); // a live object keeps what it read of its meta
    await knowledgeIndex(env, agentId, 1).catchUp();
    const replicaSpace = await runInDurableObject(knowledgeIndex(env, agentId, 1), (_instance, state) =>
      state.storage.sql.exec<{ value: string }>(`SELECT value FROM index_meta WHERE key = 'active_space'`).one(),
    );
    expect(replicaSpace.value).toBe(other);
    expect(await chunksOn(agentId, 1)).toBe(DOCS.length - 1);
    // Emptied and copied again: each document counted once, as on replica 0, and the removed one gone.
    expect(await documentTermsOn(agentId, 1)).toEqual(await documentTermsOn(agentId, 0));
  });

  it("copies an index larger than one page, page by page", async () => {
    const agentId = "replicas-pages";
    const sections = Math.ceil(REPLICA_PAGE_CHUNKS * 0.75);
    const manuals = ["a", "b", "c"].map((id) => ({ ...manual(sections), id: `manual-${id}` }));
    await ingest(withReplicas(1), agentId, manuals);
    const total = await chunksOn(agentId, 0);
    expect(total).toBeGreaterThan(2 * REPLICA_PAGE_CHUNKS); // more than one page: the copy takes several calls
    await syncReplicas(withReplicas(2), agentId);
    expect(await chunksOn(agentId, 1)).toBe(total);
  });

  it("copies an index written before replicas existed (its documents enter the change log on its next wake)", async () => {
    const agentId = "replicas-upgrade";
    await ingest(withReplicas(1), agentId);
    const primary = knowledgeIndex(env, agentId);
    await runInDurableObject(primary, (_instance, state) => {
      state.storage.sql.exec(`DROP TABLE index_changes`);
      state.storage.sql.exec(`DELETE FROM index_meta WHERE key = 'changes_seeded'`);
    });
    await evictDurableObject(primary);
    await syncReplicas(withReplicas(2), agentId);
    expect(await chunksOn(agentId, 1)).toBe(DOCS.length);
    expect(await topOn(agentId, 1, "How do I enter the bootloader?")).toBe("reset");
  });

  it("refuses writes sent to a replica other than 0", async () => {
    const replica = knowledgeIndex(env, "replicas-refuse", 1);
    const refusal = (write: Promise<unknown>) =>
      write.then(
        () => "written",
        (error: Error) => error.message,
      );
    expect(await refusal(replica.replaceDocument({ sourceId: "s", documentId: "d" }, []))).toMatch(/replica 0/);
    expect(await refusal(replica.removeSource("s"))).toMatch(/replica 0/);
  });
});
