/**
 * The weekly re-sync (cron): file and URL sources not synced for a week are queued to be read again; the
 * index skips documents whose content has not changed, so an unchanged source costs no embedding. A
 * crawl the admin cancelled stays cancelled until they re-sync it themselves.
 */
import { and, inArray, isNull, lt, notInArray, or } from "drizzle-orm";
import { database } from "../db/client";
import { sources } from "../db/schema";
import type { IngestMessage } from "./queue-messages";

export const RESYNC_INTERVAL_MS = 7 * 24 * 60 * 60 * 1000; // weekly, as the cron trigger runs
// The sync time is stamped when a sync finishes, minutes or hours after the cron that queued it; without a
// margin the next weekly cron finds it a little under a week old and skips it (every 14 days). Well under the
// period, so a source re-synced by hand a few days before a run waits for the next one.
const SYNC_DURATION_MARGIN_MS = 24 * 60 * 60 * 1000;
/** The statuses the cron leaves alone: a sync already running, and a crawl the admin cancelled. */
const NOT_RESYNCED = ["syncing", "cancelled"] as const;
const QUEUE_BATCH = 100; // the most messages one sendBatch accepts

/** Queues every source due for re-sync; returns their ids. */
export async function resyncDueSources(env: Env, now = Date.now()): Promise<string[]> {
  const due = await database(env)
    .select({ id: sources.id, agentId: sources.agentId })
    .from(sources)
    .where(
      and(
        inArray(sources.type, ["file", "url"]),
        notInArray(sources.status, [...NOT_RESYNCED]),
        or(isNull(sources.lastSyncedAt), lt(sources.lastSyncedAt, now - RESYNC_INTERVAL_MS + SYNC_DURATION_MARGIN_MS)),
      ),
    )
    .all();
  await queueResyncs(env, due);
  return due.map((s) => s.id);
}

/** Queues each source to be read again by the ingest queue, as many per send as the queue accepts. */
export async function queueResyncs(env: Env, due: { id: string; agentId: string }[]): Promise<void> {
  for (let i = 0; i < due.length; i += QUEUE_BATCH) {
    const messages = due
      .slice(i, i + QUEUE_BATCH)
      .map((s) => ({ body: { type: "resync-source", agentId: s.agentId, sourceId: s.id } satisfies IngestMessage }));
    await env.INGEST_QUEUE.sendBatch(messages);
  }
}
