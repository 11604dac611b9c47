/**
 * The Worker's entry: wires the HTTP app, inbound email, the ingest and channel outbox queues, the
 * weekly cron (re-sync, forgetting old channel message ids) and the Durable Object classes.
 */
import { app } from "./app";
import { handleIngestBatch } from "./knowledge/queue";
import { resyncDueSources } from "./knowledge/resync";
import { handleOutboxBatch } from "./channels/outbox";
import { forgetOldInboundIds } from "./channels/inbound";
import { receiveEmail } from "./channels/email/receive";

const OUTBOX_QUEUE = "frontdesk-outbox";
/** Platforms redeliver a webhook for a few days at most; a week of message ids recognises every redelivery. */
const INBOUND_IDS_KEPT_MS = 7 * 86_400_000;

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
  scheduled: (_controller, env, ctx) => {
    ctx.waitUntil(resyncDueSources(env).then((ids) => console.log(`re-sync queued for ${ids.length} sources`)));
    ctx.waitUntil(forgetOldInboundIds(env, INBOUND_IDS_KEPT_MS));
  },
} satisfies ExportedHandler<Env, unknown>;
