/**
 * The Vectorize backend, against a fake of its binding injected into the index object: vectors
 * per agent namespace with source/document/chunk metadata, fused with full text, replaced and
 * deleted with their documents; a change of embedder filling the new embedder's index while the
 * previous one answers, then dropping the old vectors; moving an embedded index to Vectorize;
 * and an index that is down.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { OFFLINE_EMBEDDER_ID } from "../../worker/knowledge/engine/embedder";
import { knowledgeIndex } from "../../worker/knowledge/embedded-index";
import { MIN_GROUNDING } from "../../worker/agent/offline/answer";
import { VectorizeStore, vectorId } from "../../worker/knowledge/vectorize-store";
import { FakeVectorize } from "./support/fake-vectorize";
import {
  DOCS,
  embeddingRequests,
  indexDocs,
  loopbackEnv,
  OPENAI_SHORT,
  reconfigure,
  storedVectors,
  topDocument,
  untilReembedded,
} from "./support/knowledge-index";

const DIMENSIONS = 64;
const OFFLINE_DIMENSIONS = 512;
const openAI64 = (prefix = "") => loopbackEnv(prefix, { FRONTDESK_EMBEDDING_DIMENSIONS: String(DIMENSIONS) });

describe("the Vectorize backend", () => {
  it("stores vectors per agent namespace with their ids in metadata, searches them fused with full text, and deletes them", async () => {
    const agentId = "vectorize-agent";
    const fake = new FakeVectorize(DIMENSIONS);
    await reconfigure(agentId, { ...openAI64("/vz"), VECTOR_BACKEND: "vectorize", VECTORIZE: fake });
    await indexDocs(agentId);
    const stored = fake.inNamespace(agentId);
    expect(stored).toHaveLength(3);
    expect(stored.map((v) => v.metadata).sort((a, b) => String(a.document).localeCompare(String(b.document)))).toEqual(
      ["refund", "reset", "upload"].map((document) => ({
        source: `src_${agentId}`,
        document,
        chunk: `src_${agentId}\u001f${document}\u001f0`,
      })),
    );
    expect(stored.every((v) => v.id.length === 64)).toBe(true);
    expect((await embeddingRequests("/vz"))[0]?.body.dimensions).toBe(DIMENSIONS);
    expect(await knowledgeIndex(env, agentId).status()).toMatchObject({
      backend: "vectorize",
      embedder: OPENAI_SHORT,
      reembedding: null,
    });
    expect(await storedVectors(agentId)).toEqual({ sizes: [0, 0, 0], next: 0 }); // no vectors beside the chunks

    fake.calls.length = 0;
    expect(await topDocument(agentId, "How long do refunds take?")).toBe("refund");
    expect(fake.calls).toEqual(["query"]);

    // A document rewritten with fewer sections loses the vectors of the sections that are gone.
    await indexDocs(agentId, [
      { id: "upload", title: "Upload a sketch", markdown: "## Port\n\nSelect the port.\n\n## Upload\n\nClick Upload." },
    ]);
    expect(fake.inNamespace(agentId)).toHaveLength(4);
    await indexDocs(agentId, [{ id: "upload", title: "Upload a sketch", markdown: "Click Upload." }]);
    expect(fake.inNamespace(agentId)).toHaveLength(3);

    await knowledgeIndex(env, agentId).removeSource(`src_${agentId}`);
    expect(fake.inNamespace(agentId)).toHaveLength(0);
    expect(await knowledgeIndex(env, agentId).chunkCount()).toBe(0);
  });

  it("maps nearest vectors back to chunk ids and keeps namespaces apart", async () => {
    const fake = new FakeVectorize(3);
    const a = new VectorizeStore(fake, "agent-a");
    const b = new VectorizeStore(fake, "agent-b");
    const item = (chunkId: string, vector: number[]) => ({
      chunkId,
      sourceId: "s",
      documentId: "d",
      vector: new Float32Array(vector),
    });
    await a.upsert([item("x".repeat(300), [1, 0, 0]), item("y", [0, 1, 0])]);
    await b.upsert([item("z", [1, 0, 0])]);
    const nearest = await a.nearest(new Float32Array([1, 0, 0]), 10);
    expect([...nearest.keys()]).toEqual(["x".repeat(300), "y"]);
    expect(nearest.get("x".repeat(300))).toBeCloseTo(1);
    expect(await fake.getByIds([await vectorId("z")])).toHaveLength(1);
    expect(
      (
        await fake.query([1, 0, 0], { namespace: "agent-a", filter: { chunk: "y" }, returnMetadata: "all" })
      ).matches.map((m) => m.metadata?.chunk),
    ).toEqual(["y"]);
    await a.remove(["y"]);
    expect(fake.inNamespace("agent-a")).toHaveLength(1);
    expect((await fake.describe()).vectorCount).toBe(2);
  });

  it("fills the new embedder's index in the background while the previous index answers, then drops the old vectors", async () => {
    const agentId = "vectorize-switch";
    const offlineIndex = new FakeVectorize(OFFLINE_DIMENSIONS);
    await reconfigure(agentId, { VECTOR_BACKEND: "vectorize", VECTORIZE: offlineIndex });
    await indexDocs(agentId, DOCS.slice(0, 2));
    expect(offlineIndex.inNamespace(agentId)).toHaveLength(2);

    // A deploy binds a new index made for the new embedder's dimensions, keeping the old one bound as previous.
    const openaiIndex = new FakeVectorize(DIMENSIONS);
    await reconfigure(agentId, { ...openAI64(), VECTORIZE: openaiIndex, VECTORIZE_PREVIOUS: offlineIndex });
    const index = knowledgeIndex(env, agentId);
    expect(await index.status()).toMatchObject({
      backend: "vectorize",
      embedder: OFFLINE_EMBEDDER_ID,
      reembedding: { backend: "vectorize", embedder: OPENAI_SHORT },
    });
    expect(await topDocument(agentId, "How do I reset my board?")).toBe("reset");
    expect(openaiIndex.calls).not.toContain("query"); // questions go to the old index, in the old space
    expect(offlineIndex.calls).toContain("query");
    await indexDocs(agentId, DOCS.slice(2)); // mid-way: vectors in both spaces
    expect(offlineIndex.inNamespace(agentId)).toHaveLength(3);

    await untilReembedded(agentId, async () => {
      expect(await topDocument(agentId, "refunds card working days")).toBe("refund");
    });
    expect(openaiIndex.inNamespace(agentId)).toHaveLength(3);
    expect(offlineIndex.inNamespace(agentId)).toHaveLength(0); // dropped after the switch
    expect(await index.status()).toMatchObject({ backend: "vectorize", embedder: OPENAI_SHORT, reembedding: null });
    openaiIndex.calls.length = 0;
    expect(await topDocument(agentId, "reset button bootloader")).toBe("reset");
    expect(openaiIndex.calls).toEqual(["query"]);
  });

  it("answers from full text alone while the new index fills when the old one is no longer bound", async () => {
    const agentId = "vectorize-no-previous";
    await reconfigure(agentId, { VECTOR_BACKEND: "vectorize", VECTORIZE: new FakeVectorize(OFFLINE_DIMENSIONS) });
    await indexDocs(agentId);
    const openaiIndex = new FakeVectorize(DIMENSIONS);
    await reconfigure(agentId, { ...openAI64(), VECTORIZE: openaiIndex });
    const [hit] = await knowledgeIndex(env, agentId).search("How long do refunds take to reach my card?", 3);
    expect(hit?.documentKey).toBe(`src_${agentId}\u001frefund`);
    expect(hit?.score).toBeGreaterThan(MIN_GROUNDING); // full-text scores keep their scale: no false abstention
    expect(openaiIndex.calls).not.toContain("query");
    await untilReembedded(agentId);
    expect(openaiIndex.inNamespace(agentId)).toHaveLength(3);
  });

  it("moves an embedded index into Vectorize in the background when the backend changes", async () => {
    const agentId = "embedded-to-vectorize";
    await indexDocs(agentId);
    expect(await storedVectors(agentId)).toEqual({ sizes: [512, 512, 512], next: 0 });
    const fake = new FakeVectorize(OFFLINE_DIMENSIONS);
    await reconfigure(agentId, { VECTOR_BACKEND: "vectorize", VECTORIZE: fake });
    expect(await topDocument(agentId, "How do I upload a sketch?")).toBe("upload"); // the vectors beside the chunks answer
    expect(fake.calls).not.toContain("query");
    await untilReembedded(agentId);
    expect(await knowledgeIndex(env, agentId).status()).toMatchObject({
      backend: "vectorize",
      embedder: OFFLINE_EMBEDDER_ID,
      reembedding: null,
    });
    expect(fake.inNamespace(agentId)).toHaveLength(3);
    expect(await storedVectors(agentId)).toEqual({ sizes: [0, 0, 0], next: 0 });
    expect(await topDocument(agentId, "How do I upload a sketch?")).toBe("upload");
    expect(fake.calls).toContain("query");
  });

  it("answers from full text when the index is down, and refuses ingest without changing anything", async () => {
    const agentId = "vectorize-down";
    const fake = new FakeVectorize(DIMENSIONS);
    await reconfigure(agentId, { ...openAI64(), VECTOR_BACKEND: "vectorize", VECTORIZE: fake });
    await indexDocs(agentId);
    fake.failing = true;
    expect(await topDocument(agentId, "How do I upload a sketch?")).toBe("upload");
    await expect(indexDocs(agentId, [{ id: "reset", title: "Reset", markdown: "Other text." }])).rejects.toThrow(
      /VECTOR_UPSERT_ERROR/,
    );
    expect(await knowledgeIndex(env, agentId).chunkCount()).toBe(3);
    fake.failing = false;
    expect(fake.inNamespace(agentId)).toHaveLength(3);
    expect(await topDocument(agentId, "press the reset button twice")).toBe("reset");
  });
});
