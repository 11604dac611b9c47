import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { CRAWL_CONCURRENCY } from "../../durable-objects/crawl-job/crawl-job";
import { database } from "../../worker/db/client";
import { createSource, getSource } from "../../worker/db/sources";
import { startCrawl } from "../../worker/knowledge/crawl/crawler";
import type { IngestMessage } from "../../worker/knowledge/queue-messages";
import { retrieve } from "../../worker/knowledge/retrieve";
import { crawl } from "./support/crawl-driver";
import { adminFetch } from "./helpers/seed";

declare module "vitest" {
  export interface ProvidedContext {
    generatedSiteUrl: string;
    loopbackSiteUrl: string;
  }
}

const site = inject("generatedSiteUrl"); // 60 pages in a tree ("/" and /p/1 … /p/59), listed by a sitemap index
const SITE_PAGES = 60;
const allowed = { ...env, ALLOW_LOOPBACK_FETCH: new URL(site).host };
let agentCount = 0;

async function newAgent(): Promise<string> {
  const id = `crawl-site-${++agentCount}`;
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

async function documentRows(sourceId: string) {
  const rows = await env.DB.prepare(
    "SELECT id, title, updated_at FROM source_documents WHERE source_id = ? ORDER BY id",
  )
    .bind(sourceId)
    .all<{ id: string; title: string; updated_at: number }>();
  return rows.results;
}

describe("crawling a generated site", () => {
  it("finds every page through a sitemap index (plain and gzip sitemaps), with at most CRAWL_CONCURRENCY pages in flight", async () => {
    const agentId = await newAgent();
    const { row, fetched, maxOutstanding } = await crawl(allowed, agentId, {
      url: `${site}/`,
      importRelated: true,
      maxPages: 5000,
    });
    expect(row.status).toBe("ready");
    expect(row.stats).toMatchObject({ found: SITE_PAGES, indexed: SITE_PAGES, failed: 0 });
    expect(new Set(fetched).size).toBe(fetched.length); // no page fetched twice
    expect(maxOutstanding).toBeLessThanOrEqual(CRAWL_CONCURRENCY);
    expect(maxOutstanding).toBeGreaterThan(1); // and the crawl did run pages side by side
    const [hit] = await retrieve(env, agentId, "What is the part number in answer 42?", 1);
    expect(hit?.text).toContain(`P-${42 * 7919}`);
    expect(hit?.title).toMatch(/^Article 42\b/); // the page's h1, not its <title>
    expect(hit?.text).not.toContain("Page 43"); // the navigation is not content
  });

  it("re-crawls with a fresh frontier and leaves unchanged pages alone", async () => {
    const agentId = await newAgent();
    const first = await crawl(allowed, agentId, { url: `${site}/p/3`, importRelated: true, maxPages: 20 });
    const before = await documentRows(first.source.id);
    expect(before).toHaveLength(20);
    const again = await crawl(allowed, agentId, { url: `${site}/p/3`, importRelated: true, maxPages: 20 }, first.row);
    expect(again.row).toMatchObject({ status: "ready", stats: { found: 20, indexed: 20 } });
    expect(await documentRows(first.source.id)).toEqual(before); // same documents, none rewritten
  });

  it("removes, on re-sync, the documents of pages the crawl no longer finds, and keeps those that failed for now", async () => {
    const agentId = await newAgent();
    const first = await crawl(allowed, agentId, { url: `${site}/p/3`, importRelated: false, maxPages: 1 });
    expect((await documentRows(first.source.id)).map((d) => d.id)).toEqual([`${site}/p/3`]);
    // The source now points elsewhere (as if /p/3 had gone): a re-sync keeps only what it found.
    await env.DB.prepare("UPDATE sources SET config = ? WHERE id = ?")
      .bind(JSON.stringify({ url: `${site}/p/4`, importRelated: false, maxPages: 1 }), first.source.id)
      .run();
    const moved = (await getSource(database(env), agentId, first.source.id))!;
    const again = await crawl(allowed, agentId, { url: `${site}/p/4`, importRelated: false, maxPages: 1 }, moved);
    expect(again.row.status).toBe("ready");
    expect((await documentRows(first.source.id)).map((d) => d.id)).toEqual([`${site}/p/4`]);
    expect((await retrieve(env, agentId, `part number P-${3 * 7919}`, 5)).some((p) => p.url === `${site}/p/3`)).toBe(
      false,
    );
  });

  it("respects robots meta tags: noindex pages are not indexed, nofollow pages are not followed", async () => {
    const agentId = await newAgent();
    const noindex = await crawl(allowed, agentId, { url: `${site}/special/noindex`, importRelated: true, maxPages: 3 });
    expect(noindex.row.stats.indexed).toBeGreaterThan(0); // the pages it links to (and the sitemap's)
    expect((await documentRows(noindex.source.id)).map((d) => new URL(d.id).pathname)).not.toContain(
      "/special/noindex",
    );

    const nofollow = await crawl(allowed, agentId, {
      url: `${site}/special/nofollow`,
      importRelated: false,
      maxPages: 5000,
    });
    expect(nofollow.fetched).toEqual(["/special/nofollow"]);
    expect(nofollow.row.stats).toMatchObject({ found: 1, indexed: 1 });
  });

  it("decodes pages in a legacy charset", async () => {
    const agentId = await newAgent();
    const { row } = await crawl(allowed, agentId, { url: `${site}/special/latin1`, importRelated: false, maxPages: 1 });
    expect(row.stats.indexed).toBe(1);
    const [hit] = await retrieve(env, agentId, "Is there crème brûlée for dessert?", 1);
    expect(hit?.title).toBe("Café menu");
    expect(hit?.text).toContain("Crème brûlée");
  });

  it("applies robots.txt to a single page too, and says why nothing was imported", async () => {
    const agentId = await newAgent();
    const loopback = inject("loopbackSiteUrl"); // its robots.txt disallows /site/private
    const source = await createSource(database(env), agentId, "url", "private", {
      url: `${loopback}/site/private/secret`,
      importRelated: false,
      maxPages: 1,
    });
    const queue: IngestMessage[] = [];
    await startCrawl(
      { ...env, ALLOW_LOOPBACK_FETCH: new URL(loopback).host },
      source,
      async (m) => void queue.push(...m),
    );
    expect(queue).toEqual([]);
    const row = (await getSource(database(env), agentId, source.id))!;
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/robots\.txt .* does not let FrontdeskBot read/);
  });

  it("fails pages whose queue messages were lost once the watchdog fires, so the crawl still ends", async () => {
    const agentId = await newAgent();
    const source = await createSource(database(env), agentId, "url", "lost", {
      url: `${site}/p/9`,
      importRelated: false,
      maxPages: 1,
    });
    const lost: IngestMessage[] = [];
    await startCrawl(allowed, source, async (m) => void lost.push(...m)); // sent, and never delivered
    expect(lost).toHaveLength(1);
    expect((await getSource(database(env), agentId, source.id))?.status).toBe("syncing");
    expect(await runDurableObjectAlarm(env.CRAWLS.get(env.CRAWLS.idFromName(source.id)))).toBe(true);
    const row = (await getSource(database(env), agentId, source.id))!;
    expect(row).toMatchObject({ status: "failed", stats: { found: 1, indexed: 0, failed: 1 } });
    expect(row.error).toContain("no answer from the crawler");
  });
});
