/**
 * URL sources: starting a crawl (robots.txt and sitemaps read first), handling one `crawl-page`
 * message (fetch through the guard, skip what is not HTML, honour robots meta tags, de-duplicate,
 * index), removing pages a finished re-sync no longer found, and cancelling. The CrawlJobDO keeps
 * the frontier; every fetch goes through `safeFetch`.
 */
import { eq } from "drizzle-orm";
import type { CrawlJobDO, CrawlPlan, CrawlStep, PageResult } from "../../../durable-objects/crawl-job/crawl-job";
import { database } from "../../db/client";
import { sourceDocuments } from "../../db/schema";
import { getSource, updateSource, type SourceRow } from "../../db/sources";
import { sha256Hex } from "../../lib/crypto";
import { SafeFetchError, safeFetch } from "../../lib/safe-fetch";
import { indexDocument, removeDocument } from "../ingest";
import type { IngestMessage } from "../queue-messages";
import { parseHtmlPage } from "../parsers/html";
import { decodeHtml } from "../parsers/html-charset";
import { isAllowed, parseRobots, type Robots } from "./robots";
import { collectSitemapPages } from "./sitemap";

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

/** Writes a crawl's progress to its source row and sends the URLs it handed out. */
export async function recordStep(
  env: Env,
  agentId: string,
  sourceId: string,
  step: CrawlStep,
  enqueue: Enqueue,
): Promise<void> {
  const failures = step.failures.map((f) => `${f.url}: ${f.reason}`).join("\n") || null;
  // A crawl that ended with nothing indexed and something failed has failed (e.g. the one page of a single-URL source).
  const failed = step.finished && step.stats.indexed === 0 && step.stats.failed > 0;
  const status = step.cancelled ? "cancelled" : failed ? "failed" : step.finished ? "ready" : "syncing";
  await updateSource(database(env), sourceId, {
    status,
    stats: step.stats,
    error: failures,
    ...(step.finished ? { lastSyncedAt: Date.now() } : {}),
  });
  await enqueue(step.next.map((url) => ({ type: "crawl-page", agentId, sourceId, url, depth: 0 })));
}

export async function startCrawl(env: Env, source: SourceRow, enqueue: Enqueue = queueEnqueue(env)): Promise<void> {
  const config = source.config as CrawlConfig;
  const root = new URL(config.url);
  await updateSource(database(env), source.id, { status: "syncing", error: null });
  // robots.txt applies to a single page too; sitemaps (and sitemap indexes) only when related pages are wanted.
  const robotsText = await fetchText(env, `${root.origin}/robots.txt`);
  const robots = robotsText ? parseRobots(robotsText) : ALLOW_ALL;
  if (!isAllowed(robots, root.pathname + root.search)) {
    await updateSource(database(env), source.id, {
      status: "failed",
      error: `robots.txt of ${root.host} does not let FrontdeskBot read ${root.href}`,
    });
    return;
  }
  const seeds = [root.href];
  if (config.importRelated) {
    const roots = robots.sitemaps.length > 0 ? robots.sitemaps : [`${root.origin}/sitemap.xml`];
    const sameOrigin = (url: string) => URL.canParse(url) && new URL(url).origin === root.origin;
    seeds.push(...(await collectSitemapPages(env, roots, config.maxPages, sameOrigin)));
  }
  // A cancel that arrived while robots.txt and the sitemaps were read wins: the job is not started.
  if ((await getSource(database(env), source.agentId, source.id))?.status !== "syncing") return;
  const plan: CrawlPlan = {
    agentId: source.agentId,
    sourceId: source.id,
    origin: root.origin,
    seeds,
    importRelated: config.importRelated,
    maxPages: config.maxPages,
    robots,
  };
  await recordStep(env, source.agentId, source.id, await crawlJob(env, source.id).start(plan), enqueue);
}

async function crawlOne(env: Env, message: CrawlPageMessage, job: DurableObjectStub<CrawlJobDO>): Promise<PageResult> {
  try {
    const response = await safeFetch(env, message.url, {
      maxBytes: PAGE_MAX_BYTES,
      accept: "text/html,application/xhtml+xml",
    });
    if (response.status >= 400) return { state: "failed", reason: `HTTP ${response.status}` };
    const type = response.headers.get("content-type") ?? "";
    if (!/text\/html|application\/xhtml\+xml/i.test(type))
      return { state: "skipped", reason: `not HTML (${type || "no content type"})`, links: [] };
    const final = new URL(response.finalUrl);
    if (final.hostname !== new URL(message.url).hostname)
      return { state: "skipped", reason: `redirected to another site (${final.host})`, links: [] };
    const parsed = parseHtmlPage(decodeHtml(response.body, type), response.finalUrl);
    const page = { ...parsed, title: parsed.title || final.pathname, links: parsed.nofollow ? [] : parsed.links };
    const canonical =
      page.canonical && new URL(page.canonical).origin === final.origin ? page.canonical : response.finalUrl;
    if (page.noindex) return { state: "skipped", reason: "noindex", links: page.links };
    if (!page.markdown.trim()) return { state: "skipped", reason: "no text", links: page.links };
    if (!(await job.claim(canonical, await sha256Hex(page.markdown))))
      return { state: "skipped", reason: "duplicate content", links: page.links };
    const { chunks } = await indexDocument(env, {
      agentId: message.agentId,
      sourceId: message.sourceId,
      documentId: canonical,
      title: page.title,
      url: canonical,
      markdown: page.markdown,
    });
    return { state: "done", chunks, links: page.links };
  } catch (error) {
    if (error instanceof SafeFetchError) return { state: "failed", reason: error.message };
    // Anything else still ends the page, so it never holds a slot of the crawl (the queue would drop it after its retries).
    console.error(`crawl of ${message.url} failed`, error);
    return {
      state: "failed",
      reason: `could not be indexed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** One page of a crawl (queue consumer): fetch, index, report, and queue the next pages. */
export async function handleCrawlPage(
  env: Env,
  message: CrawlPageMessage,
  enqueue: Enqueue = queueEnqueue(env),
): Promise<void> {
  const job = crawlJob(env, message.sourceId);
  const result = await crawlOne(env, message, job);
  const step = await job.report(message.url, result);
  if (step.finished && !step.cancelled)
    await removeGoneDocuments(env, message.agentId, message.sourceId, await job.keptDocuments());
  await recordStep(env, message.agentId, message.sourceId, step, enqueue);
}

/** After a complete crawl (a re-sync), documents of pages the site no longer has leave the index. */
async function removeGoneDocuments(env: Env, agentId: string, sourceId: string, kept: string[]): Promise<void> {
  const keep = new Set(kept);
  const rows = await database(env)
    .select({ id: sourceDocuments.id })
    .from(sourceDocuments)
    .where(eq(sourceDocuments.sourceId, sourceId))
    .all();
  for (const { id } of rows) if (!keep.has(id)) await removeDocument(env, agentId, sourceId, id);
}

export async function cancelCrawl(env: Env, source: SourceRow): Promise<void> {
  const step = await crawlJob(env, source.id).cancel();
  // Cancelled even when the job had not started yet (still reading robots.txt and sitemaps): startCrawl checks this.
  await recordStep(env, source.agentId, source.id, { ...step, cancelled: true, next: [] }, async () => {});
}
