import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { knowledgeIndex } from "../../worker/knowledge/embedded-index";
import { ingestFileSource } from "../../worker/knowledge/files";
import { createSource, updateSource } from "../../worker/db/sources";
import { database } from "../../worker/db/client";
import { RESYNC_INTERVAL_MS, resyncDueSources } from "../../worker/knowledge/resync";
import { retrieve } from "../../worker/knowledge/retrieve";
import { adminFetch } from "./helpers/seed";

type SourceJson = {
  id: string;
  type: string;
  name: string;
  status: string;
  error: string | null;
  allowCitations: boolean;
  private: boolean;
  stats: { chunks: number };
};
type UploadJson = {
  items: ({ file: { id: string }; source: SourceJson } | { name: string; error: { code: string; message: string } })[];
};

const AGENT = "files-agent";
const RETURNS =
  '---\ntitle: "Returns and refunds"\nid: 1\n---\n\nYou can return any product within 30 ' +
  "days.\n\n## Refund times\n\nRefunds reach your card within 5 working days.\n";
const WARRANTY = "# Warranty\n\nEvery board has a two-year warranty against manufacturing defects.\n";

function upload(files: [name: string, content: string | Uint8Array][]): Promise<Response> {
  const form = new FormData();
  for (const [name, content] of files) form.append("file", new Blob([content]), name);
  return adminFetch(`/agents/${AGENT}/files`, { method: "POST", body: form });
}

/** Uploads and ingests (as the queue consumer would) one file; returns its source. */
async function addFile(name: string, content: string | Uint8Array): Promise<SourceJson> {
  const body = (await (await upload([[name, content]])).json()) as UploadJson;
  const item = body.items[0];
  if (!item || !("source" in item)) throw new Error(JSON.stringify(body));
  await ingestFileSource(env, AGENT, item.source.id);
  return (await (await adminFetch(`/agents/${AGENT}/sources/${item.source.id}`)).json()) as SourceJson;
}

const sourcesJson = async () =>
  ((await (await adminFetch(`/agents/${AGENT}/sources`)).json()) as { items: SourceJson[] }).items;

beforeAll(async () => {
  const response = await adminFetch(`/agents/${AGENT}`, {
    method: "PUT",
    json: { name: "Files", personality: "friendly", greeting: "Hi" },
  });
  expect(response.status).toBe(201);
});

describe("file sources", () => {
  it("indexes an uploaded Markdown file with its front-matter title, and lists it beside the built-ins", async () => {
    const source = await addFile("help/returns.md", RETURNS);
    expect(source).toMatchObject({ type: "file", name: "help/returns.md", status: "ready", error: null });
    expect(source.stats.chunks).toBeGreaterThan(0);
    const [passage] = await retrieve(env, AGENT, "How long do refunds take to reach my card?", 3);
    expect(passage).toMatchObject({
      name: "help/returns.md",
      citable: true,
      title: "Returns and refunds › Refund times",
    });
    expect((await sourcesJson()).map((s) => s.type).sort()).toEqual(
      expect.arrayContaining(["articles", "short_answers", "file"]),
    );
  });

  it("refuses unsupported, legacy, empty and media files with a clear per-file error and stores nothing", async () => {
    const before = await sourcesJson();
    const response = await upload([
      ["tool.exe", "MZ"],
      ["sheet.xls", "\u00d0\u00cf"],
      ["empty.txt", ""],
      ["talk.mp4", "not really a video"],
    ]);
    expect(response.status).toBe(400);
    const { items } = (await response.json()) as UploadJson;
    const codes = items.map((item) => ("error" in item ? item.error.code : "stored"));
    expect(codes).toEqual(["unsupported_type", "unsupported_type", "empty_file", "needs_transcription"]);
    expect(items[1] && "error" in items[1] && items[1].error.message).toMatch(/xlsx|csv/);
    expect(items[3] && "error" in items[3] && items[3].error.message).toMatch(/OPENAI_API_KEY/);
    expect(await sourcesJson()).toEqual(before);
  });

  it("marks a file that is not UTF-8 text as failed and leaves the rest of the index alone", async () => {
    const before = await retrieve(env, AGENT, "How long do refunds take to reach my card?", 3);
    const source = await addFile("broken.txt", new Uint8Array([0x48, 0x69, 0xff, 0xfe, 0xc3]));
    expect(source.status).toBe("failed");
    expect(source.error).toMatch(/not valid UTF-8/);
    expect(await retrieve(env, AGENT, "How long do refunds take to reach my card?", 3)).toEqual(before);
  });

  it("re-syncs an unchanged file without re-indexing it", async () => {
    const source = await addFile("warranty.md", WARRANTY);
    const before = await env.DB.prepare("SELECT content_hash, updated_at FROM source_documents WHERE source_id = ?")
      .bind(source.id)
      .first();
    expect((await adminFetch(`/agents/${AGENT}/sources/${source.id}/resync`, { method: "POST" })).status).toBe(202);
    await ingestFileSource(env, AGENT, source.id);
    const after = await env.DB.prepare("SELECT content_hash, updated_at FROM source_documents WHERE source_id = ?")
      .bind(source.id)
      .first();
    expect(after).toEqual(before);
  });

  it("stops citing a private source but still answers from it, and honours the citation toggle", async () => {
    const source = await addFile(
      "secret-pricing.md",
      "# Partner pricing\n\nPartners get a forty percent discount on volume orders.\n",
    );
    const question = "What discount do partners get on volume orders?";
    expect((await retrieve(env, AGENT, question, 1))[0]).toMatchObject({ sourceRef: source.id, citable: true });

    const patched = await adminFetch(`/agents/${AGENT}/sources/${source.id}`, {
      method: "PATCH",
      json: { private: true, allowCitations: true },
    });
    expect(await patched.json()).toMatchObject({ private: true, allowCitations: false });
    expect((await retrieve(env, AGENT, question, 1))[0]).toMatchObject({ sourceRef: source.id, citable: false });

    await adminFetch(`/agents/${AGENT}/sources/${source.id}`, {
      method: "PATCH",
      json: { private: false, allowCitations: false },
    });
    expect((await retrieve(env, AGENT, question, 1))[0]).toMatchObject({ citable: false });
    await adminFetch(`/agents/${AGENT}/sources/${source.id}`, { method: "PATCH", json: { allowCitations: true } });
    expect((await retrieve(env, AGENT, question, 1))[0]).toMatchObject({ citable: true });
  });

  it("removes a deleted source's chunks and nothing else", async () => {
    const keep = await addFile("keep.md", "# Opening hours\n\nThe shop opens at nine every weekday.\n");
    const drop = await addFile("drop.md", "# Gift wrapping\n\nGift wrapping costs two euros per parcel.\n");
    const chunksBefore = await knowledgeIndex(env, AGENT).chunkCount();
    expect((await adminFetch(`/agents/${AGENT}/sources/${drop.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await knowledgeIndex(env, AGENT).chunkCount()).toBe(chunksBefore - drop.stats.chunks);
    expect((await retrieve(env, AGENT, "How much does gift wrapping cost?", 3)).map((p) => p.sourceRef)).not.toContain(
      drop.id,
    );
    expect((await retrieve(env, AGENT, "When does the shop open on weekdays?", 1))[0]?.sourceRef).toBe(keep.id);
    expect((await adminFetch(`/agents/${AGENT}/sources/${drop.id}`)).status).toBe(404);
  });

  it("refuses bad requests clearly", async () => {
    const builtIn = (await sourcesJson()).find((s) => s.type === "articles")!;
    expect((await adminFetch(`/agents/${AGENT}/sources/${builtIn.id}`, { method: "DELETE" })).status).toBe(409);
    expect((await adminFetch(`/agents/${AGENT}/sources/src_nope`)).status).toBe(404);
    expect((await adminFetch(`/agents/nobody/sources`)).status).toBe(404);
    expect(
      (await adminFetch(`/agents/${AGENT}/sources/${builtIn.id}`, { method: "PATCH", json: { colour: "red" } })).status,
    ).toBe(400);
    expect((await adminFetch(`/agents/${AGENT}/files`, { method: "POST", json: { file: "x" } })).status).toBe(415);
    expect((await adminFetch(`/agents/${AGENT}/files`, { method: "POST", body: new FormData() })).status).toBe(400);
  });
});

describe("the weekly re-sync", () => {
  it("queues file sources not synced for a week, and no others", async () => {
    const fresh = await addFile("fresh.md", "# Fresh\n\nJust synced.\n");
    const stale = await addFile("stale.md", "# Stale\n\nSynced long ago.\n");
    const eightDaysAgo = Date.now() - 8 * 24 * 60 * 60 * 1000;
    await env.DB.prepare("UPDATE sources SET last_synced_at = ? WHERE id = ?").bind(eightDaysAgo, stale.id).run();
    const queued = await resyncDueSources(env);
    expect(queued).toContain(stale.id);
    expect(queued).not.toContain(fresh.id);
    expect(queued.every((id) => !id.endsWith("_articles") && !id.endsWith("_short_answers"))).toBe(true);
  });

  it("picks a source synced by last week's run, although that sync finished after the run started", async () => {
    const source = await addFile("weekly.md", "# Weekly\n\nSynced by last week's cron.\n");
    const thisRun = Date.now();
    const lastRun = thisRun - RESYNC_INTERVAL_MS;
    const TWO_HOURS = 2 * 60 * 60 * 1000; // a long crawl: the sync time is stamped when it finishes
    await updateSource(database(env), source.id, { lastSyncedAt: lastRun + TWO_HOURS });
    expect(await resyncDueSources(env, thisRun)).toContain(source.id);
  });

  it("never restarts a crawl the admin cancelled", async () => {
    // Never fetched: loopback outside the test allowance is refused by the fetch guard.
    const config = { url: "http://127.0.0.1:9/help", importRelated: false, maxPages: 1 };
    const cancelled = await createSource(database(env), AGENT, "url", "Cancelled crawl", config);
    const eightDaysAgo = Date.now() - 8 * 24 * 60 * 60 * 1000;
    await updateSource(database(env), cancelled.id, { status: "cancelled", lastSyncedAt: eightDaysAgo });
    expect(await resyncDueSources(env)).not.toContain(cancelled.id);
  });
});
