import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { database } from "../../worker/db/client";
import { createSource, getSource } from "../../worker/db/sources";
import { cancelCrawl, handleCrawlPage, startCrawl } from "../../worker/knowledge/crawl/crawler";
import type { IngestMessage } from "../../worker/knowledge/queue-messages";
import { retrieve } from "../../worker/knowledge/retrieve";
import { adminFetch } from "./helpers/seed";

declare module "vitest" {
  export interface ProvidedContext {
    loopbackSiteUrl: string;
  }
}

const site = inject("loopbackSiteUrl");
const allowed = { ...env, ALLOW_LOOPBACK_FETCH: new URL(site).host };
let agentCount = 0;

async function newAgent(): Promise<string> {
  const id = `crawl-${++agentCount}`;
  expect(
    (
      await adminFetch(`/agents/${id}`, {
        method: "PUT",
        json: { name: "Crawl", personality: "friendly", greeting: "Hi" },
      })
    ).status,
  ).toBe(201);
  return id;
}

/** Runs a crawl to the end, playing the queue: every message the crawl sends is handled in order. */
async function crawl(
  agentId: string,
  config: { url: string; importRelated: boolean; maxPages: number },
  stopAfter = Infinity,
) {
  const source = await createSource(database(env), agentId, "url", config.url, config);
  const queue: IngestMessage[] = [];
  const enqueue = async (messages: IngestMessage[]) => void queue.push(...messages);
  await startCrawl(allowed, source, enqueue);
  const fetched: string[] = [];
  while (queue.length > 0 && fetched.length < stopAfter) {
    const message = queue.shift()!;
    if (message.type !== "crawl-page") throw new Error(`unexpected ${message.type}`);
    fetched.push(new URL(message.url).pathname);
    await handleCrawlPage(allowed, message, enqueue);
  }
  return { source, fetched, queue, row: (await getSource(database(env), agentId, source.id))! };
}

describe("crawling a URL source", () => {
  it("imports a single page when related URLs are not wanted", async () => {
    const agentId = await newAgent();
    const { fetched, row } = await crawl(agentId, { url: `${site}/site/b`, importRelated: false, maxPages: 5000 });
    expect(fetched).toEqual(["/site/b"]);
    expect(row).toMatchObject({ status: "ready", stats: { found: 1, indexed: 1, failed: 0 } });
    expect((await retrieve(env, agentId, "Are your boots waterproof?", 1))[0]).toMatchObject({
      url: `${site}/site/b`,
      title: "Boots",
    });
  });

  it("follows links and the sitemap on the same host, respects robots.txt, skips non-HTML and duplicates, records failures", async () => {
    const agentId = await newAgent();
    const { fetched, row } = await crawl(agentId, { url: `${site}/site/a`, importRelated: true, maxPages: 5000 });
    expect(fetched).toContain("/site/orphan"); // only the sitemap links it
    expect(fetched).toContain("/site/c"); // two links away
    expect(fetched).not.toContain("/site/private/secret"); // robots.txt
    expect(fetched.filter((p) => p === "/site/a")).toHaveLength(1); // #fragments are the same page
    expect(fetched.some((p) => p === "/elsewhere")).toBe(false); // other hosts are not followed
    expect(row.status).toBe("ready");
    expect(row.stats).toMatchObject({ indexed: 4, failed: 1 }); // a, b, c and orphan; dup, canon and the PDF are skipped, broken fails
    expect(row.error).toMatch(/site\/broken: HTTP 500/);

    const documents = await env.DB.prepare("SELECT id FROM source_documents WHERE source_id = ? ORDER BY id")
      .bind(row.id)
      .all<{ id: string }>();
    expect(documents.results.map((d) => new URL(d.id).pathname).sort()).toEqual(
      ["/site/a", "/site/b", "/site/c", "/site/orphan"].sort(),
    );
    const [stove] = await retrieve(env, agentId, "How fast does the camping stove boil water?", 1);
    expect(stove?.text).toContain("three minutes");
    expect(stove?.text).not.toContain("alert");
    expect(stove?.text).not.toContain("Footer text");
  });

  it("stops at the page cap", async () => {
    const agentId = await newAgent();
    const { row } = await crawl(agentId, { url: `${site}/gen/1`, importRelated: true, maxPages: 25 });
    // The generated pages link on forever (and the site's sitemap adds more): the cap ends the crawl.
    expect(row.stats.found).toBe(25);
    expect(row.stats.fetched + row.stats.failed).toBe(25);
    expect(row.stats.indexed).toBeGreaterThan(15);
    expect(row.status).toBe("ready");
  });

  it("can be cancelled: nothing more is fetched or indexed", async () => {
    const agentId = await newAgent();
    const run = await crawl(agentId, { url: `${site}/gen/1`, importRelated: true, maxPages: 200 }, 3);
    await cancelCrawl(allowed, run.row);
    const before = (await getSource(database(env), agentId, run.source.id))!;
    expect(before.status).toBe("cancelled");
    for (const message of run.queue.splice(0))
      if (message.type === "crawl-page")
        await handleCrawlPage(allowed, message, async (m) => void run.queue.push(...m));
    expect(run.queue).toEqual([]);
    const after = (await getSource(database(env), agentId, run.source.id))!;
    expect(after.status).toBe("cancelled");
    expect(after.stats.indexed).toBe(before.stats.indexed);
  });

  it("refuses private, loopback and malformed URLs when a source is created", async () => {
    const agentId = await newAgent();
    const post = (json: unknown) => adminFetch(`/agents/${agentId}/sources`, { method: "POST", json });
    expect((await post({ type: "url", url: `${site}/site/a` })).status).toBe(400); // loopback: no allowance outside tests
    expect((await post({ type: "url", url: "http://localhost:8080/" })).status).toBe(400);
    expect((await post({ type: "url", url: "ftp://example.com/" })).status).toBe(400);
    expect((await post({ type: "url", url: "https://example.com/", maxPages: 5001 })).status).toBe(400);
    expect(
      (
        await adminFetch(`/agents/nobody/sources`, {
          method: "POST",
          json: { type: "url", url: "https://example.com/" },
        })
      ).status,
    ).toBe(404);
    const list = (await (await adminFetch(`/agents/${agentId}/sources`)).json()) as { items: { type: string }[] };
    expect(list.items.filter((s) => s.type === "url")).toEqual([]);
  });
});
