/**
 * Editing knowledge sources after the fact: an uploaded file whose source was deleted becomes a
 * source again (once); a URL source's crawl settings change and it is crawled again, while other
 * sources refuse crawl settings and an unchanged setting queues nothing.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/app";
import { database } from "../../worker/db/client";
import { createSource } from "../../worker/db/sources";
import { retrieve } from "../../worker/knowledge/retrieve";
import { ingestFileSource } from "../../worker/knowledge/files";
import type { IngestMessage } from "../../worker/knowledge/queue-messages";
import { adminFetch, TEST_ORIGIN } from "./helpers/seed";

const AGENT = "source-editing";

async function ok(path: string, init: Parameters<typeof adminFetch>[1] = {}): Promise<Record<string, any>> {
  const response = await adminFetch(path, init);
  expect(response.status, `${init.method ?? "GET"} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return response.status === 204 ? {} : ((await response.json()) as Record<string, any>);
}

/** PATCHes a source through the app with a queue that records what is sent. */
async function patchRecording(path: string, json: unknown): Promise<{ response: Response; sent: IngestMessage[] }> {
  const sent: IngestMessage[] = [];
  const queue = { send: async (message: IngestMessage) => void sent.push(message) };
  const ctx = createExecutionContext();
  const response = await app.fetch(
    new Request(`${TEST_ORIGIN}/api${path}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(json),
    }),
    { ...env, INGEST_QUEUE: queue },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { response, sent };
}

describe("editing sources", () => {
  it("makes an uploaded file a source again after its source was deleted, once", async () => {
    await ok(`/agents/${AGENT}`, { method: "PUT", json: { name: "Sources", personality: "friendly", greeting: "Hi" } });
    await ok("/agents/source-editing-other", {
      method: "PUT",
      json: { name: "Other", personality: "friendly", greeting: "Hi" },
    });
    const form = new FormData();
    form.append("file", new Blob(["# Warranty\n\nEvery board has a two-year warranty.\n"]), "warranty.md");
    const uploaded = await ok(`/agents/${AGENT}/files`, { method: "POST", body: form });
    const first = uploaded.items[0];
    await ingestFileSource(env, AGENT, first.source.id);
    await ok(`/agents/${AGENT}/sources/${first.source.id}`, { method: "DELETE" });
    expect(await retrieve(env, AGENT, "How long is the warranty?", 3)).toEqual([]);
    expect((await ok(`/agents/${AGENT}/files`)).items.map((f: { id: string }) => f.id)).toContain(first.file.id);

    const again = await adminFetch(`/agents/${AGENT}/files/${first.file.id}/source`, { method: "POST" });
    expect(again.status).toBe(201);
    const source = (await again.json()) as { id: string; type: string; name: string; config: { fileId: string } };
    expect(source).toMatchObject({ type: "file", name: "warranty.md", config: { fileId: first.file.id } });
    await ingestFileSource(env, AGENT, source.id);
    const [hit] = await retrieve(env, AGENT, "How long is the warranty?", 3);
    expect(hit?.text).toContain("two-year warranty");

    const twice = await adminFetch(`/agents/${AGENT}/files/${first.file.id}/source`, { method: "POST" });
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ error: { code: "already_a_source", details: { sourceId: source.id } } });
    expect((await adminFetch(`/agents/${AGENT}/files/file_unknown/source`, { method: "POST" })).status).toBe(404);
    expect(
      (await adminFetch(`/agents/source-editing-other/files/${first.file.id}/source`, { method: "POST" })).status,
    ).toBe(404);
  });

  it("changes a URL source's crawl settings and crawls it again; refuses them for other sources", async () => {
    const url = await createSource(database(env), AGENT, "url", "https://docs.example.com/", {
      url: "https://docs.example.com/",
      importRelated: false,
      maxPages: 10,
    });
    const changed = await patchRecording(`/agents/${AGENT}/sources/${url.id}`, { importRelated: true, maxPages: 250 });
    expect(changed.response.status).toBe(200);
    expect(await changed.response.json()).toMatchObject({
      id: url.id,
      config: { url: "https://docs.example.com/", importRelated: true, maxPages: 250 },
    });
    expect(changed.sent).toEqual([{ type: "resync-source", agentId: AGENT, sourceId: url.id }]);

    // The same settings again, or only a citation toggle: saved, nothing crawled.
    const same = await patchRecording(`/agents/${AGENT}/sources/${url.id}`, { maxPages: 250, allowCitations: false });
    expect(same.response.status).toBe(200);
    expect(same.sent).toEqual([]);

    const [file] = (await ok(`/agents/${AGENT}/sources`)).items.filter((s: { type: string }) => s.type === "file");
    const refused = await patchRecording(`/agents/${AGENT}/sources/${file.id}`, { maxPages: 5 });
    expect(refused.response.status).toBe(400);
    expect(await refused.response.json()).toMatchObject({
      error: { code: "invalid_body", details: { maxPages: expect.any(String) } },
    });
    expect(refused.sent).toEqual([]);
    for (const bad of [{ maxPages: 0 }, { maxPages: 1.5 }, { importRelated: "yes" }])
      expect((await patchRecording(`/agents/${AGENT}/sources/${url.id}`, bad)).response.status).toBe(400);
    expect((await ok(`/agents/${AGENT}/sources/${url.id}`)).config).toMatchObject({
      importRelated: true,
      maxPages: 250,
    });
  });
});
