/**
 * A URL source the way users add one: `wrangler dev` with its real ingest queue consumer, the admin
 * API, and a generated site on loopback (the only address the fetch guard is told to allow, for
 * this run). The crawl runs through the queue by itself; the test only watches the source's progress.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGeneratedSite, type GeneratedSite } from "./generated-site.ts";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";

const SITE_PAGES = 150;
const CAP = 100; // below the site's size: the cap must end the crawl
const BIG_SITE_PAGES = 3_000; // far more than a crawl gets through before the cancel arrives
const CRAWL_LIMIT_MS = 90_000; // a guard against hangs; the wait ends as soon as the source settles
const POLL_MS = 250;

type SourceJson = {
  id: string;
  status: string;
  error: string | null;
  stats: { found: number; fetched: number; indexed: number; failed: number };
};

let site: GeneratedSite;
let bigSite: GeneratedSite;
let frontdesk: RunningFrontdesk;

beforeAll(async () => {
  site = await startGeneratedSite(SITE_PAGES);
  bigSite = await startGeneratedSite(BIG_SITE_PAGES);
  frontdesk = await startSeededFrontdesk({
    ALLOW_LOOPBACK_FETCH: `${new URL(site.url).host},${new URL(bigSite.url).host}`,
  });
}, 180_000);

afterAll(async () => {
  await frontdesk?.stop();
  await site?.close();
  await bigSite?.close();
});

async function admin(path: string, init: { method?: string; json?: unknown } = {}): Promise<Response> {
  return fetch(`${frontdesk.url}/api${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${frontdesk.adminToken}`, "content-type": "application/json" },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
}

async function settled(agentId: string, id: string, done: (s: SourceJson) => boolean): Promise<SourceJson> {
  const deadline = Date.now() + CRAWL_LIMIT_MS;
  for (;;) {
    const source = (await (await admin(`/agents/${agentId}/sources/${id}`)).json()) as SourceJson;
    if (done(source)) return source;
    if (Date.now() > deadline) throw new Error(`source did not settle: ${JSON.stringify(source)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

describe("crawling through wrangler dev's queue", () => {
  it(
    "imports a site up to the page cap, and the agent answers from it",
    async () => {
      expect(
        (
          await admin("/agents/crawl-e2e", {
            method: "PUT",
            json: { name: "Crawl", personality: "friendly", greeting: "Hi" },
          })
        ).status,
      ).toBe(201);
      const created = await admin("/agents/crawl-e2e/sources", {
        method: "POST",
        json: { type: "url", url: `${site.url}/`, importRelated: true, maxPages: CAP },
      });
      expect(created.status).toBe(202);
      const { id } = (await created.json()) as SourceJson;
      const source = await settled("crawl-e2e", id, (s) => s.status !== "pending" && s.status !== "syncing");
      expect(source).toMatchObject({ status: "ready", stats: { found: CAP, fetched: CAP, indexed: CAP, failed: 0 } });

      const preview = await admin("/agents/crawl-e2e/preview", {
        method: "POST",
        json: { message: "What is the part number in answer 7?" },
      });
      const body = (await preview.json()) as { answer: string; ranked: { url: string | null }[] };
      expect(body.ranked[0]?.url).toBe(`${site.url}/p/7`);
      expect(body.answer).toContain(`P-${7 * 7919}`);
    },
    CRAWL_LIMIT_MS,
  );

  it(
    "can be cancelled while it runs",
    async () => {
      expect(
        (
          await admin("/agents/crawl-cancel", {
            method: "PUT",
            json: { name: "Crawl", personality: "friendly", greeting: "Hi" },
          })
        ).status,
      ).toBe(201);
      const created = await admin("/agents/crawl-cancel/sources", {
        method: "POST",
        json: { type: "url", url: `${bigSite.url}/`, importRelated: true },
      });
      const { id } = (await created.json()) as SourceJson;
      await settled(
        "crawl-cancel",
        id,
        (s) => (s.status === "syncing" && s.stats.fetched > 0) || s.status === "ready" || s.status === "failed",
      );
      const cancelled = await admin(`/agents/crawl-cancel/sources/${id}/cancel`, { method: "POST" });
      expect(cancelled.status).toBe(200);
      const source = await settled("crawl-cancel", id, (s) => s.status !== "syncing");
      expect(source.status).toBe("cancelled");
      expect(source.stats.fetched).toBeLessThan(BIG_SITE_PAGES);
      expect(bigSite.requests()).toBeLessThan(BIG_SITE_PAGES);
    },
    CRAWL_LIMIT_MS,
  );
});
