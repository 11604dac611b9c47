/** Runs a URL source's crawl inside workerd, playing the ingest queue's part with real concurrency. */
import { env } from "cloudflare:workers";
import { database } from "../../../worker/db/client";
import { createSource, getSource, type SourceRow } from "../../../worker/db/sources";
import { handleCrawlPage, startCrawl } from "../../../worker/knowledge/crawl/crawler";
import type { IngestMessage } from "../../../worker/knowledge/queue-messages";

export type Crawl = { source: SourceRow; row: SourceRow; fetched: string[]; maxOutstanding: number };

/**
 * Plays the queue with real concurrency: every message the crawl has sent is handled at once, as
 * many consumers would, and the most messages outstanding at any moment is recorded.
 */
export async function crawl(
  allowed: Env,
  agentId: string,
  config: { url: string; importRelated: boolean; maxPages: number },
  existing?: SourceRow,
): Promise<Crawl> {
  const source = existing ?? (await createSource(database(env), agentId, "url", config.url, config));
  const pending: IngestMessage[] = [];
  const enqueue = async (messages: IngestMessage[]) => void pending.push(...messages);
  const fetched: string[] = [];
  let outstanding = 0;
  let maxOutstanding = 0;
  const running = new Set<Promise<void>>();
  await startCrawl(allowed, source, enqueue);
  for (;;) {
    outstanding = pending.length + running.size;
    maxOutstanding = Math.max(maxOutstanding, outstanding);
    const message = pending.shift();
    if (message) {
      if (message.type !== "crawl-page") throw new Error(`unexpected ${message.type}`);
      fetched.push(new URL(message.url).pathname);
      const run: Promise<void> = handleCrawlPage(allowed, message, enqueue).finally(() => running.delete(run));
      running.add(run);
    } else if (running.size > 0) {
      await Promise.race(running);
    } else break;
  }
  return { source, row: (await getSource(database(env), agentId, source.id))!, fetched, maxOutstanding };
}
