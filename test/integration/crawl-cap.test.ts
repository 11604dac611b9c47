/**
 * The 5,000-page cap of a URL source, at full size: a site of 5,200 pages (listed in its
 * sitemaps and linked as a tree) imports exactly 5,000 URLs — the default and the maximum the
 * API accepts, and a cap the crawl job keeps even when a source asks for more — and the site
 * itself sees each of those pages requested once and no page beyond them. Every page carries
 * the same article, so the crawl fetches them all but indexes one (indexing speed is the
 * benchmark's business).
 */
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { MAX_CRAWL_PAGES } from "../../worker/knowledge/crawl/limits";
import { database } from "../../worker/db/client";
import { createSource } from "../../worker/db/sources";
import { adminFetch } from "./helpers/seed";
import { crawl } from "./support/crawl-driver";

declare module "vitest" {
  export interface ProvidedContext {
    cappedSiteUrl: string;
  }
}

const site = inject("cappedSiteUrl");
const SITE_PAGES = 5_200; // CAPPED_SITE_PAGES in the global setup
const CAP_TEST_TIMEOUT_MS = 240_000; // 5,000 loopback fetches (about 45 s on 2 cores); a guard against hangs, not a measurement

/** `GET /__stats` of the generated site (SiteStats in test/node/generated-site.ts, a Node module workerd's types cannot import). */
type SiteStats = { pageRequests: number; distinctPages: number };
const siteStats = async (): Promise<SiteStats> => (await (await fetch(`${site}/__stats`)).json()) as SiteStats;

describe("the crawl page cap", () => {
  it(
    "imports at most 5,000 pages, fetching each once and none beyond, even when a source asks for more",
    async () => {
      expect(MAX_CRAWL_PAGES).toBe(5_000);
      expect(SITE_PAGES).toBeGreaterThan(MAX_CRAWL_PAGES);
      expect(
        (
          await adminFetch("/agents/crawl-cap", {
            method: "PUT",
            json: { name: "Cap", personality: "friendly", greeting: "Hi" },
          })
        ).status,
      ).toBe(201);
      const tooMany = await adminFetch("/agents/crawl-cap/sources", {
        method: "POST",
        json: { type: "url", url: `${site}/`, importRelated: true, maxPages: 5_001 },
      });
      expect(tooMany.status).toBe(400);
      expect(
        Object.keys(((await tooMany.json()) as { error: { details: Record<string, string> } }).error.details),
      ).toEqual(["maxPages"]);

      // Written past the API's validation, as an old or hand-edited row could be: the crawl job still stops at its cap.
      const config = { url: `${site}/`, importRelated: true, maxPages: SITE_PAGES };
      const source = await createSource(database(env), "crawl-cap", "url", config.url, config);
      const before = await siteStats();
      const { row, fetched } = await crawl(
        { ...env, ALLOW_LOOPBACK_FETCH: new URL(site).host },
        "crawl-cap",
        config,
        source,
      );
      const after = await siteStats();

      expect(row.status).toBe("ready");
      expect(fetched).toHaveLength(MAX_CRAWL_PAGES);
      expect(new Set(fetched).size).toBe(MAX_CRAWL_PAGES); // each page handed out once
      expect(row.stats).toMatchObject({ found: MAX_CRAWL_PAGES, fetched: MAX_CRAWL_PAGES, failed: 0 });
      // What the site saw: exactly the 5,000 pages, each requested once, and none of the other 200.
      expect(after.pageRequests - before.pageRequests).toBe(MAX_CRAWL_PAGES);
      expect(after.distinctPages - before.distinctPages).toBe(MAX_CRAWL_PAGES);
    },
    CAP_TEST_TIMEOUT_MS,
  );
});
