/**
 * The 5,000-page cap of a URL source, at full size: a site of 5,200 pages (listed in its
 * sitemaps and linked as a tree) imports exactly 5,000 URLs — the default and the maximum the
 * API accepts — and never fetches a page beyond them. Every page carries the same article, so
 * the crawl fetches them all but indexes one (indexing speed is the benchmark's business).
 */
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { MAX_CRAWL_PAGES } from "../../durable-objects/crawl-job";
import { createSource } from "../../worker/db/sources";
import { database } from "../../worker/db/client";
import { adminFetch } from "./helpers/seed";
import { crawl } from "./support/crawl-driver";

declare module "vitest" {
  export interface ProvidedContext {
    cappedSiteUrl: string;
  }
}

const site = inject("cappedSiteUrl");
const SITE_PAGES = 5_200; // CAPPED_SITE_PAGES in the global setup
const CAP_TEST_TIMEOUT_MS = 240_000; // 5,000 loopback fetches; a guard against hangs, not a measurement

describe("the crawl page cap", () => {
  it("imports at most 5,000 pages, and the API accepts no higher cap", async () => {
    expect(MAX_CRAWL_PAGES).toBe(5_000);
    expect((await adminFetch("/agents/crawl-cap", { method: "PUT", json: { name: "Cap", personality: "friendly", greeting: "Hi" } })).status).toBe(201);
    const tooMany = await adminFetch("/agents/crawl-cap/sources", { method: "POST", json: { type: "url", url: `${site}/`, importRelated: true, maxPages: 5_001 } });
    expect(tooMany.status).toBe(400);
    expect(Object.keys(((await tooMany.json()) as { error: { details: Record<string, string> } }).error.details)).toEqual(["maxPages"]);

    const source = await createSource(database(env), "crawl-cap", "url", `${site}/`, { url: `${site}/`, importRelated: true, maxPages: MAX_CRAWL_PAGES });
    const allowed = { ...env, ALLOW_LOOPBACK_FETCH: new URL(site).host };
    const { row, fetched } = await crawl(allowed, "crawl-cap", source.config as { url: string; importRelated: boolean; maxPages: number }, source);

    expect(row.status).toBe("ready");
    expect(fetched).toHaveLength(MAX_CRAWL_PAGES);
    expect(new Set(fetched).size).toBe(MAX_CRAWL_PAGES); // each page once
    expect(row.stats).toMatchObject({ found: MAX_CRAWL_PAGES, fetched: MAX_CRAWL_PAGES, failed: 0 });
    expect(SITE_PAGES).toBeGreaterThan(MAX_CRAWL_PAGES);
  }, CAP_TEST_TIMEOUT_MS);
});
