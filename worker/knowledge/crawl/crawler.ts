/**
 * URL sources: starting a crawl (robots.txt and sitemaps read first), handling one `crawl-page`
 * message (fetch through the guard, skip what is not HTML, de-duplicate, index), and cancelling.
 * The CrawlJobDO keeps the frontier; every fetch goes through `safeFetch`.
 */
import type { CrawlJobDO, CrawlPlan, CrawlStep, PageResult } from "../../../durable-objects/crawl-job";
import { database } from "../../db/client";
import { updateSource, type SourceRow } from "../../db/sources";
import { sha256Hex } from "../../lib/crypto";
import { SafeFetchError, safeFetch } from "../../lib/safe-fetch";
import { indexDocument } from "../ingest";
import type { IngestMessage } from "../queue-messages";
import { extractPage } from "./page";
import { parseRobots, sitemapLocations, type Robots } from "./robots";

export type CrawlConfig = { url: string; importRelated: boolean; maxPages: number };
export type Enqueue = (messages: IngestMessage[]) => Promise<void>;
type CrawlPageMessage = Extract<IngestMessage, { type: "crawl-page" }>;

const PAGE_MAX_BYTES = 2 * 1024 * 1024; // a help-center page is far smaller; larger ones are not articles
const ALLOW_ALL: Robots = { allow: [], disallow: [], sitemaps: [] };

/** Sends messages through the ingest queue (tests pass their own `enqueue` to drive the crawl step by step). */
export const queueEnqueue =
  (env: Env): Enqueue =>
  async (messages) => {
    if (messages.length > 0) await env.INGEST_QUEUE.sendBatch(messages.map((body) => ({ body })));
  };

function crawlJob(env: Env, sourceId: string): DurableObjectStub<CrawlJobDO> {
  const namespace = env.CRAWLS as DurableObjectNamespace<CrawlJobDO>;
  return namespace.get(namespace.idFromName(sourceId));
}

async function fetchText(env: Env, url: string): Promise<string | null> {
  try {
    const response = await safeFetch(env, url, { maxBytes: PAGE_MAX_BYTES });
    return response.status === 200 ? new TextDecoder().decode(response.body) : null;
  } catch {
    return null; // no robots.txt or sitemap is a normal site
  }
}

async function record(env: Env, agentId: string, sourceId: string, step: CrawlStep, enqueue: Enqueue): Promise<void> {
  const failures = step.failures.map((f) => `${f.url}: ${f.reason}`).join("\n") || null;
  const status = step.cancelled ? "cancelled" : step.finished ? "ready" : "syncing";
  await updateSource(database(env), sourceId, { status, stats: step.stats, error: failures, ...(step.finished ? { lastSyncedAt: Date.now() } : {}) });
  await enqueue(step.next.map((url) => ({ type: "crawl-page", agentId, sourceId, url, depth: 0 })));
}

export async function startCrawl(env: Env, source: SourceRow, enqueue: Enqueue = queueEnqueue(env)): Promise<void> {
  const config = source.config as CrawlConfig;
  const root = new URL(config.url);
  let robots = ALLOW_ALL;
  const seeds = [root.href];
  if (config.importRelated) {
    const robotsText = await fetchText(env, `${root.origin}/robots.txt`);
    if (robotsText) robots = parseRobots(robotsText);
    for (const sitemap of robots.sitemaps.length > 0 ? robots.sitemaps : [`${root.origin}/sitemap.xml`]) {
      const xml = await fetchText(env, new URL(sitemap, root).href);
      if (xml) seeds.push(...sitemapLocations(xml));
    }
  }
  const plan: CrawlPlan = { origin: root.origin, seeds, importRelated: config.importRelated, maxPages: config.maxPages, robots };
  await record(env, source.agentId, source.id, await crawlJob(env, source.id).start(plan), enqueue);
}

async function crawlOne(env: Env, message: CrawlPageMessage, job: DurableObjectStub<CrawlJobDO>): Promise<PageResult> {
  try {
    const response = await safeFetch(env, message.url, { maxBytes: PAGE_MAX_BYTES, accept: "text/html,application/xhtml+xml" });
    if (response.status >= 400) return { state: "failed", reason: `HTTP ${response.status}` };
    const type = response.headers.get("content-type") ?? "";
    if (!/text\/html|application\/xhtml\+xml/i.test(type)) return { state: "skipped", reason: `not HTML (${type || "no content type"})`, links: [] };
    const page = await extractPage(new TextDecoder().decode(response.body), response.finalUrl);
    const finalOrigin = new URL(response.finalUrl).origin;
    const canonical = page.canonical && new URL(page.canonical).origin === finalOrigin ? page.canonical : response.finalUrl;
    if (!page.markdown.trim()) return { state: "skipped", reason: "no text", links: page.links };
    if (!(await job.claim(canonical, await sha256Hex(page.markdown)))) return { state: "skipped", reason: "duplicate content", links: page.links };
    const { chunks } = await indexDocument(env, { agentId: message.agentId, sourceId: message.sourceId, documentId: canonical, title: page.title, url: canonical, markdown: page.markdown });
    return { state: "done", chunks, links: page.links };
  } catch (error) {
    if (error instanceof SafeFetchError) return { state: "failed", reason: error.message };
    throw error;
  }
}

/** One page of a crawl (queue consumer): fetch, index, report, and queue the next pages. */
export async function handleCrawlPage(env: Env, message: CrawlPageMessage, enqueue: Enqueue = queueEnqueue(env)): Promise<void> {
  const job = crawlJob(env, message.sourceId);
  const result = await crawlOne(env, message, job);
  await record(env, message.agentId, message.sourceId, await job.report(message.url, result), enqueue);
}

export async function cancelCrawl(env: Env, source: SourceRow): Promise<void> {
  await record(env, source.agentId, source.id, await crawlJob(env, source.id).cancel(), async () => {});
}
