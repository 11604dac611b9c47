/**
 * Embedders and vector backends: OpenAI embeddings (a loopback OpenAI-compatible server here)
 * when a key is configured; a change of embedder re-embedding the index in the background while
 * searches keep working, then switching; a failing provider changing nothing; and the Vectorize
 * backend against a fake of its binding. A deployment's new configuration is simulated by giving
 * the index object a new env.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it, vi } from "vitest";
import type { KnowledgeIndexDO } from "../../durable-objects/knowledge-index";
import { OFFLINE_EMBEDDER_ID } from "../../worker/knowledge/engine/embedder";
import { selectEmbedder } from "../../worker/knowledge/engine/embedders";
import { knowledgeIndex } from "../../worker/knowledge/embedded-index";
import { ingestFileSource } from "../../worker/knowledge/files";
import { indexDocument } from "../../worker/knowledge/ingest";
import { VectorizeStore, vectorId } from "../../worker/knowledge/vectorize-store";
import { adminFetch } from "./helpers/seed";
import { FakeVectorize } from "./support/fake-vectorize";

const DIMENSIONS = 64; // LOOPBACK_EMBEDDING_DIMENSIONS
const DOCS = [
  { id: "reset", title: "Reset your board", markdown: "Press the reset button twice quickly to enter the bootloader." },
  { id: "upload", title: "Upload a sketch", markdown: "Select the port, then click Upload to send the sketch to the board." },
  { id: "refund", title: "Refunds", markdown: "Refunds reach your card within five working days." },
];

const loopbackEnv = (prefix = "") => ({ OPENAI_API_KEY: "embed-key", OPENAI_BASE_URL: `${inject("openaiLoopbackUrl")}${prefix}/v1` });

/** Gives the agent's index object a new configuration, as a deploy would. */
async function reconfigure(agentId: string, change: Record<string, unknown>): Promise<void> {
  await runInDurableObject(knowledgeIndex(env, agentId), async (instance: KnowledgeIndexDO) => {
    const target = instance as unknown as { env: Env };
    target.env = { ...target.env, ...change } as Env;
  });
}

async function indexDocs(agentId: string, docs = DOCS): Promise<void> {
  for (const doc of docs) await indexDocument(env, { agentId, sourceId: `src_${agentId}`, documentId: doc.id, title: doc.title, url: null, markdown: doc.markdown });
}

/** Waits for the background re-embed to switch (alarms also fire by themselves; running one early only speeds it up). */
async function untilReembedded(index: DurableObjectStub<KnowledgeIndexDO>): Promise<void> {
  await vi.waitFor(
    async () => {
      await runDurableObjectAlarm(index);
      expect((await index.status()).reembeddingTo).toBeNull();
    },
    { timeout: 10_000, interval: 20 },
  );
}

const topDocument = async (agentId: string, query: string) => (await knowledgeIndex(env, agentId).search(query, 3))[0]?.documentKey.split("\u001f")[1];

describe("embedder selection", () => {
  it("is offline without a key, OpenAI with one, and says what is missing when misconfigured", () => {
    expect(selectEmbedder({ OPENAI_API_KEY: "", OPENAI_BASE_URL: "" }).id).toBe(OFFLINE_EMBEDDER_ID);
    expect(selectEmbedder({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: "" }).id).toBe("openai:text-embedding-3-small");
    expect(selectEmbedder({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: "", FRONTDESK_EMBEDDING_MODEL: "text-embedding-3-large" }).id).toBe("openai:text-embedding-3-large");
    expect(selectEmbedder({ OPENAI_API_KEY: "k", OPENAI_BASE_URL: "", FRONTDESK_EMBEDDER: "offline" }).id).toBe(OFFLINE_EMBEDDER_ID);
    expect(() => selectEmbedder({ OPENAI_API_KEY: "", OPENAI_BASE_URL: "", FRONTDESK_EMBEDDER: "openai" })).toThrow(/OPENAI_API_KEY/);
    expect(() => selectEmbedder({ OPENAI_API_KEY: "", OPENAI_BASE_URL: "", FRONTDESK_EMBEDDER: "workers-ai" })).toThrow(/AI binding/);
  });

  it("embeds through the provider's API as unit vectors", async () => {
    const vectors = await selectEmbedder(loopbackEnv()).embed(["reset the board", "refund"]);
    expect(vectors).toHaveLength(2);
    expect(vectors[0]).toHaveLength(DIMENSIONS);
    expect(Math.hypot(...(vectors[0] ?? []))).toBeCloseTo(1, 5);
  });

  it("uses Workers AI when chosen and bound", async () => {
    const ai = { run: async (_model: string, input: { text: string[] }) => ({ data: input.text.map((t) => [t.length, 1, 0]) }) };
    const embedder = selectEmbedder({ OPENAI_API_KEY: "", OPENAI_BASE_URL: "", FRONTDESK_EMBEDDER: "workers-ai", AI: ai });
    expect(embedder.id).toBe("workers-ai:@cf/baai/bge-m3");
    expect(Array.from((await embedder.embed(["abc"]))[0] ?? [])).toEqual([expect.closeTo(3 / Math.sqrt(10), 5), expect.closeTo(1 / Math.sqrt(10), 5), 0]);
  });
});

describe("changing the embedder", () => {
  it("re-embeds in the background, answers throughout, keeps new documents, then switches", async () => {
    const agentId = "reembed-agent";
    await indexDocs(agentId, DOCS.slice(0, 2));
    const index = knowledgeIndex(env, agentId);
    expect(await index.status()).toMatchObject({ embedder: OFFLINE_EMBEDDER_ID, reembeddingTo: null, chunks: 2 });

    await reconfigure(agentId, loopbackEnv());
    expect(await topDocument(agentId, "How do I reset my board?")).toBe("reset"); // still answered, from the old vectors
    expect(await index.status()).toMatchObject({ embedder: OFFLINE_EMBEDDER_ID, reembeddingTo: "openai:text-embedding-3-small" });
    await indexDocs(agentId, DOCS.slice(2)); // a document arriving mid-way gets both vectors

    await untilReembedded(index);
    expect(await index.status()).toMatchObject({ embedder: "openai:text-embedding-3-small", reembeddingTo: null, chunks: 3 });
    expect(await topDocument(agentId, "refunds card working days")).toBe("refund");
    expect(await topDocument(agentId, "reset button bootloader")).toBe("reset");
  });

  it("leaves the index as it was when the provider fails", async () => {
    const agentId = "failing-embedder";
    await reconfigure(agentId, loopbackEnv("/failing"));
    await expect(indexDocs(agentId, DOCS.slice(0, 1))).rejects.toThrow(/API key/);
    expect(await knowledgeIndex(env, agentId).chunkCount()).toBe(0);

    // Through a file source: the source fails with the reason.
    expect((await adminFetch(`/agents/${agentId}`, { method: "PUT", json: { name: "Failing", personality: "friendly", greeting: "Hi" } })).status).toBe(201);
    const form = new FormData();
    form.append("file", new Blob(["# Warranty\n\nTwo years on every board."]), "warranty.md");
    const uploaded = (await (await adminFetch(`/agents/${agentId}/files`, { method: "POST", body: form })).json()) as { items: { source: { id: string } }[] };
    const sourceId = uploaded.items[0]?.source.id ?? "";
    await ingestFileSource(env, agentId, sourceId);
    const source = (await (await adminFetch(`/agents/${agentId}/sources/${sourceId}`)).json()) as { status: string; error: string };
    expect(source.status).toBe("failed");
    expect(source.error).toMatch(/warranty\.md could not be indexed: .*API key/);
    expect(await knowledgeIndex(env, agentId).chunkCount()).toBe(0);
  });
});

describe("the Vectorize backend", () => {
  it("stores vectors per agent namespace, searches them fused with full text, and deletes them", async () => {
    const agentId = "vectorize-agent";
    const fake = new FakeVectorize(DIMENSIONS);
    await reconfigure(agentId, { ...loopbackEnv(), VECTOR_BACKEND: "vectorize", VECTORIZE: fake });
    await indexDocs(agentId);
    expect(fake.inNamespace(agentId)).toHaveLength(3);
    expect(fake.inNamespace(agentId).every((v) => v.id.length === 64 && typeof v.metadata.chunk === "string")).toBe(true);
    expect(await knowledgeIndex(env, agentId).status()).toMatchObject({ backend: "vectorize", embedder: "openai:text-embedding-3-small" });
    expect(await topDocument(agentId, "How long do refunds take?")).toBe("refund");
    await knowledgeIndex(env, agentId).removeSource(`src_${agentId}`);
    expect(fake.inNamespace(agentId)).toHaveLength(0);
    expect(await knowledgeIndex(env, agentId).chunkCount()).toBe(0);
  });

  it("maps nearest vectors back to chunk ids and keeps namespaces apart", async () => {
    const fake = new FakeVectorize(3);
    const a = new VectorizeStore(fake, "agent-a");
    const b = new VectorizeStore(fake, "agent-b");
    await a.upsert([{ chunkId: "x".repeat(300), vector: new Float32Array([1, 0, 0]) }, { chunkId: "y", vector: new Float32Array([0, 1, 0]) }]);
    await b.upsert([{ chunkId: "z", vector: new Float32Array([1, 0, 0]) }]);
    const nearest = await a.nearest(new Float32Array([1, 0, 0]), 10);
    expect([...nearest.keys()]).toEqual(["x".repeat(300), "y"]);
    expect(nearest.get("x".repeat(300))).toBeCloseTo(1);
    expect(await fake.getByIds([await vectorId("z")])).toHaveLength(1);
    await a.remove(["y"]);
    expect(fake.inNamespace("agent-a")).toHaveLength(1);
  });

  it("fills a new embedder's index in the background and keeps answering meanwhile", async () => {
    const agentId = "vectorize-switch";
    const offlineIndex = new FakeVectorize(512);
    await reconfigure(agentId, { VECTOR_BACKEND: "vectorize", VECTORIZE: offlineIndex });
    await indexDocs(agentId);
    expect(offlineIndex.inNamespace(agentId)).toHaveLength(3);

    // A deploy binds a new index made for the new embedder's dimensions.
    const openaiIndex = new FakeVectorize(DIMENSIONS);
    await reconfigure(agentId, { ...loopbackEnv(), VECTORIZE: openaiIndex });
    expect(await topDocument(agentId, "How long do refunds take to reach my card?")).toBe("refund"); // full text carries it
    const index = knowledgeIndex(env, agentId);
    await untilReembedded(index);
    expect(openaiIndex.inNamespace(agentId)).toHaveLength(3);
    expect(await index.status()).toMatchObject({ backend: "vectorize", embedder: "openai:text-embedding-3-small", reembeddingTo: null });
    expect(await topDocument(agentId, "reset button bootloader")).toBe("reset");
  });

  it("answers from full text when the vector index is down", async () => {
    const agentId = "vectorize-down";
    const fake = new FakeVectorize(DIMENSIONS);
    await reconfigure(agentId, { ...loopbackEnv(), VECTOR_BACKEND: "vectorize", VECTORIZE: fake });
    await indexDocs(agentId);
    fake.query = async () => {
      throw new Error("VECTOR_QUERY_ERROR: service unavailable");
    };
    expect(await topDocument(agentId, "How do I upload a sketch?")).toBe("upload");
  });
});
