/** The Worker's entry: wires the HTTP app, the ingest queue, the re-sync cron and the Durable Object classes. */
import { app } from "./app";
import { handleIngestBatch } from "./knowledge/queue";
import { resyncDueSources } from "./knowledge/resync";
import { handleOutboxBatch } from "./channels/outbox";
import { receiveEmail } from "./channels/email/receive";

const OUTBOX_QUEUE = "frontdesk-outbox";

export { ConversationDO } from "../durable-objects/conversation/conversation";
export { CrawlJobDO } from "../durable-objects/crawl-job/crawl-job";
export { InboxDO } from "../durable-objects/inbox/inbox";
export { KnowledgeIndexDO } from "../durable-objects/knowledge-index/knowledge-index";
export { RateLimiterDO } from "../durable-objects/rate-limiter/rate-limiter";

export default {
  fetch: app.fetch,
  email: (message, env) => receiveEmail(message, env),
  queue: (batch, env) =>
    batch.queue.startsWith(OUTBOX_QUEUE) ? handleOutboxBatch(batch, env) : handleIngestBatch(batch, env),
  scheduled: (_controller, env, ctx) =>
    ctx.waitUntil(resyncDueSources(env).then((ids) => console.log(`re-sync queued for ${ids.length} sources`))),
} satisfies ExportedHandler<Env, unknown>;
