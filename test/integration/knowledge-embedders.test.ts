/**
 * Embedders with the embedded vector backend: selection, OpenAI embeddings from a loopback
 * OpenAI-compatible server, a change of embedder re-embedding the index in the background
 * (answers throughout, ingest kept, old vectors replaced, the job surviving a restart and a
 * provider outage), and a failing provider (401, 500, time-out) changing nothing but the
 * source's status. A deploy's new configuration is simulated by giving the index object a new env.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { KnowledgeIndexDO } from "../../durable-objects/knowledge-index/knowledge-index";
import { OFFLINE_EMBEDDER_ID } from "../../worker/knowledge/engine/embedder";
import { embedderFor, selectEmbedder } from "../../worker/knowledge/engine/embedders";
import { knowledgeIndex } from "../../worker/knowledge/embedded-index";
import { ingestFileSource } from "../../worker/knowledge/files";
import { adminFetch } from "./helpers/seed";
import {
  DOCS,
  embeddingRequests,
  possibleProbes,
  indexDocs,
  loopbackEnv,
  manual,
  OPENAI_SHORT,
  OPENAI_SMALL,
  reconfigure,
  storedVectors,
  topDocument,
  untilReembedded,
} from "./support/knowledge-index";

const NO_KEY = { OPENAI_API_KEY: "", OPENAI_BASE_URL: "" };

describe("embedder selection", () => {
  it("is offline without a key, OpenAI with one, and says what is missing when misconfigured", () => {
    expect(selectEmbedder(NO_KEY).id).toBe(OFFLINE_EMBEDDER_ID);
    expect(selectEmbedder({ ...NO_KEY, OPENAI_API_KEY: "k" })).toMatchObject({ id: OPENAI_SMALL, dimensions: 1536 });
    expect(
      selectEmbedder({ ...NO_KEY, OPENAI_API_KEY: "k", FRONTDESK_EMBEDDING_MODEL: "text-embedding-3-large" }).id,
    ).toBe("openai:text-embedding-3-large:3072");
    expect(selectEmbedder({ ...NO_KEY, OPENAI_API_KEY: "k", FRONTDESK_EMBEDDING_DIMENSIONS: "64" }).id).toBe(
      OPENAI_SHORT,
    );
    expect(selectEmbedder({ ...NO_KEY, OPENAI_API_KEY: "k", FRONTDESK_EMBEDDER: "offline" }).id).toBe(
      OFFLINE_EMBEDDER_ID,
    );
    expect(() => selectEmbedder({ ...NO_KEY, FRONTDESK_EMBEDDER: "openai" })).toThrow(/OPENAI_API_KEY/);
    expect(() => selectEmbedder({ ...NO_KEY, FRONTDESK_EMBEDDER: "workers-ai" })).toThrow(/AI binding/);
    expect(() => selectEmbedder({ ...NO_KEY, FRONTDESK_EMBEDDER: "cohere" })).toThrow(/offline, openai or workers-ai/);
    expect(() =>
      selectEmbedder({ ...NO_KEY, OPENAI_API_KEY: "k", FRONTDESK_EMBEDDING_MODEL: "nomic-embed-text:latest" }),
    ).toThrow(/FRONTDESK_EMBEDDING_DIMENSIONS/);
  });

  it("finds the embedder of an existing index by its id while its provider is configured", () => {
    const withKey = { ...NO_KEY, OPENAI_API_KEY: "k", FRONTDESK_EMBEDDING_MODEL: "text-embedding-3-large" };
    expect(embedderFor(withKey, OPENAI_SMALL)?.id).toBe(OPENAI_SMALL);
    expect(embedderFor(withKey, "openai:nomic-embed-text:latest:768")?.dimensions).toBe(768);
    expect(embedderFor(withKey, OFFLINE_EMBEDDER_ID)?.id).toBe(OFFLINE_EMBEDDER_ID);
    expect(embedderFor(NO_KEY, OPENAI_SMALL)).toBeNull();
    expect(embedderFor(withKey, "garbage")).toBeNull();
  });

  it("embeds through the provider's API in one batch as unit vectors of the model's size, or the size asked for", async () => {
    const vectors = await selectEmbedder(loopbackEnv("/select")).embed(["reset the board", "refund"]);
    expect(vectors.map((v) => v.length)).toEqual([1536, 1536]);
    expect(Math.hypot(...(vectors[0] ?? []))).toBeCloseTo(1, 5);
    await selectEmbedder(loopbackEnv("/select", { FRONTDESK_EMBEDDING_DIMENSIONS: "64" })).embed([
      "one",
      "two",
      "three",
    ]);
    expect((await embeddingRequests("/select")).map(({ body: { texts: _, ...body } }) => body)).toEqual([
      { model: "text-embedding-3-small", inputs: 2, dimensions: null },
      { model: "text-embedding-3-small", inputs: 3, dimensions: 64 },
    ]);
  });

  it("uses Workers AI when chosen and bound, and refuses vectors of the wrong size", async () => {
    const ai = {
      run: async (_model: string, input: { text: string[] }) => ({ data: input.text.map((t) => [t.length, 1, 0]) }),
    };
    const embedder = selectEmbedder({
      ...NO_KEY,
      FRONTDESK_EMBEDDER: "workers-ai",
      FRONTDESK_EMBEDDING_DIMENSIONS: "3",
      AI: ai,
    });
    expect(embedder.id).toBe("workers-ai:@cf/baai/bge-m3:3");
    expect(Array.from((await embedder.embed(["abc"]))[0] ?? [])).toEqual([
      expect.closeTo(3 / Math.sqrt(10), 5),
      expect.closeTo(1 / Math.sqrt(10), 5),
      0,
    ]);
    const wrongSize = selectEmbedder({ ...NO_KEY, FRONTDESK_EMBEDDER: "workers-ai", AI: ai });
    await expect(wrongSize.embed(["abc"])).rejects.toThrow(
      "workers-ai:@cf/baai/bge-m3:1024 returned 3-dimensional vectors, expected 1024",
    );
  });
});

describe("a failing provider", () => {
  it("gives up on a provider that does not answer in time, saying so", async () => {
    const slow = selectEmbedder(loopbackEnv("/slow"), { timeoutMs: 200 });
    await expect(slow.embed(["reset"])).rejects.toThrow(`${OPENAI_SMALL} did not answer within 0.2 s`);
  });

  it("retries a 500 and then fails with the provider's reason", async () => {
    await expect(selectEmbedder(loopbackEnv("/broken")).embed(["reset"])).rejects.toThrow(
      /Failed after 3 attempts.*server had an error/,
    );
    expect(await embeddingRequests("/broken")).toHaveLength(3);
  });

  it.each([
    ["rejects the key (401)", "/failing", /warranty\.md could not be indexed: .*Incorrect API key/],
    ["is down (500)", "/broken", /warranty\.md could not be indexed: .*server had an error/],
  ])(
    "fails the source with the reason and leaves the index as it was when the provider %s",
    async (_, prefix, reason) => {
      const agentId = `failing${prefix.replace("/", "-")}`;
      expect(
        (
          await adminFetch(`/agents/${agentId}`, {
            method: "PUT",
            json: { name: "Failing", personality: "friendly", greeting: "Hi" },
          })
        ).status,
      ).toBe(201);
      await indexDocs(agentId); // built offline
      const before = await storedVectors(agentId);
      await reconfigure(agentId, loopbackEnv(prefix));
      await expect(indexDocs(agentId, [{ id: "reset", title: "Reset", markdown: "Changed text." }])).rejects.toThrow();

      const form = new FormData();
      form.append("file", new Blob(["# Warranty\n\nTwo years on every board."]), "warranty.md");
      const uploaded = (await (
        await adminFetch(`/agents/${agentId}/files`, { method: "POST", body: form })
      ).json()) as { items: { source: { id: string } }[] };
      const sourceId = uploaded.items[0]?.source.id ?? "";
      await ingestFileSource(env, agentId, sourceId);
      const source = (await (await adminFetch(`/agents/${agentId}/sources/${sourceId}`)).json()) as {
        status: string;
        error: string;
      };
      expect(source).toMatchObject({ status: "failed", error: expect.stringMatching(reason) });

      // An article is saved, and the admin told that it could not be indexed.
      const saved = await adminFetch(`/agents/${agentId}/articles/warranty`, {
        method: "PUT",
        json: { title: "Warranty", body: "Two years." },
      });
      expect(saved.status).toBe(502);
      expect(((await saved.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: "indexing_failed",
        message: expect.stringMatching(/saved but could not be indexed/),
      });
      expect((await adminFetch(`/agents/${agentId}/articles/warranty`)).status).toBe(200);

      expect(await storedVectors(agentId)).toEqual(before);
      expect(await topDocument(agentId, "press the reset button twice bootloader")).toBe("reset");
      expect(await knowledgeIndex(env, agentId).status()).toMatchObject({
        embedder: OFFLINE_EMBEDDER_ID,
        chunks: DOCS.length,
      });
    },
  );
});

describe("changing the embedder", () => {
  it("re-embeds offline vectors with OpenAI in the background, answering throughout and keeping new documents, then switches", async () => {
    const agentId = "reembed-openai";
    const big = manual(70); // 72 chunks with the others: two batches
    await indexDocs(agentId, [...DOCS.slice(0, 2), big]);
    const index = knowledgeIndex(env, agentId);
    expect(await index.status()).toMatchObject({ embedder: OFFLINE_EMBEDDER_ID, reembedding: null, chunks: 72 });

    await reconfigure(agentId, loopbackEnv("/switch"));
    expect(await index.status()).toMatchObject({
      embedder: OFFLINE_EMBEDDER_ID,
      reembedding: { embedder: OPENAI_SMALL, done: 0 },
    });
    expect(await topDocument(agentId, "How do I reset my board?")).toBe("reset"); // from the old vectors
    await indexDocs(agentId, DOCS.slice(2)); // a document arriving mid-way gets both vectors

    const steps = await untilReembedded(agentId, async () => {
      expect(await topDocument(agentId, "How do I reset my board?")).toBe("reset");
      expect(await topDocument(agentId, "refunds card working days")).toBe("refund");
    });
    expect(steps).toBeGreaterThan(0);
    expect(await index.status()).toMatchObject({ embedder: OPENAI_SMALL, reembedding: null, chunks: 73 });
    // Every chunk now holds a vector of the new space (int8, 1536 bytes); the old ones are gone.
    expect(await storedVectors(agentId)).toEqual({ sizes: Array(73).fill(1536), next: 0 });
    expect(await topDocument(agentId, "refunds card working days")).toBe("refund");
    expect(await topDocument(agentId, "Which pin carries signal number 42?")).toBe("manual");
    // Each chunk was embedded once by the job or by ingest, besides the questions and the calibration's probes.
    const probes = await possibleProbes(agentId);
    const chunkTexts = (await embeddingRequests("/switch"))
      .filter((r) => r.body.inputs > 1)
      .flatMap((r) => r.body.texts)
      .filter((text) => !probes.has(text));
    expect(chunkTexts.length).toBeLessThanOrEqual(73);
    expect(new Set(chunkTexts).size).toBe(chunkTexts.length);
  });

  it("keeps its progress through an outage and a restart, then finishes only what was left", async () => {
    const agentId = "reembed-restart";
    await indexDocs(agentId, [manual(70)]); // 70 chunks: a batch of 64, then 6
    const calls: number[] = [];
    let down = false;
    const ai = {
      run: async (_model: string, input: { text: string[] }) => {
        calls.push(input.text.length);
        if (down) throw new Error("Workers AI: capacity exceeded");
        down = true; // the provider goes down after the first batch
        return { data: input.text.map((t) => [t.length, 1, 1]) };
      },
    };
    const config = { FRONTDESK_EMBEDDER: "workers-ai", FRONTDESK_EMBEDDING_DIMENSIONS: "3", AI: ai };
    await reconfigure(agentId, config);
    const index = knowledgeIndex(env, agentId);
    expect(await runDurableObjectAlarm(index)).toBe(false); // nothing scheduled until the index is used
    await index.search("pin", 3);
    expect(await runDurableObjectAlarm(index)).toBe(true); // first batch
    await runDurableObjectAlarm(index); // the outage: paused, retried later
    const paused = await index.status();
    expect(paused).toMatchObject({
      embedder: OFFLINE_EMBEDDER_ID,
      reembedding: {
        embedder: "workers-ai:@cf/baai/bge-m3:3",
        done: 64,
        error: expect.stringMatching(/capacity exceeded/),
      },
    });
    expect(await topDocument(agentId, "Which pin carries signal number 42?")).toBe("manual");

    // A new instance on the same storage (a restart) with the provider back finishes the job.
    calls.length = 0;
    down = false;
    await runInDurableObject(index, async (_instance, state) => {
      expect(await state.storage.getAlarm()).not.toBeNull(); // the retry survives in storage
      const restarted = new KnowledgeIndexDO(state, { ...env, ...config } as Env);
      expect((await restarted.status()).reembedding?.done).toBe(64);
      await restarted.alarm();
      await restarted.alarm();
      expect(await restarted.status()).toMatchObject({
        embedder: "workers-ai:@cf/baai/bge-m3:3",
        reembedding: null,
        chunks: 70,
      });
    });
    expect(calls).toEqual([6]);
    expect(await storedVectors(agentId)).toEqual({ sizes: Array(70).fill(3), next: 0 });
  });
});
