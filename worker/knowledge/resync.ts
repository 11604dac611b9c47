/**
 * The weekly re-sync (cron): file and URL sources not synced for a week are queued to be read again; the
 * index skips documents whose content has not changed, so an unchanged source costs no embedding.
 */
import { and, inArray, isNull, lt, ne, or } from "drizzle-orm";
import { database } from "../db/client";
import { sources } from "../db/schema";
import type { IngestMessage } from "./queue-messages";

export const RESYNC_INTERVAL_MS = 7 * 24 * 60 * 60 * 1000; // weekly, as the cron trigger runs
const QUEUE_BATCH = 100; // the most messages one sendBatch accepts

/** Queues every source due for re-sync; returns their ids. */
export async function resyncDueSources(env: Env, now = Date.now()): Promise<string[]> {
  const due = await database(env)
    .select({ id: sources.id, agentId: sources.agentId })
    .from(sources)
    .where(
      and(
        inArray(sources.type, ["file", "url"]),
        ne(sources.status, "syncing"),
        or(isNull(sources.lastSyncedAt), lt(sources.lastSyncedAt, now - RESYNC_INTERVAL_MS)),
      ),
    )
    .all();
  for (let i = 0; i < due.length; i += QUEUE_BATCH) {
    const messages = due
      .slice(i, i + QUEUE_BATCH)
      .map((s) => ({ body: { type: "resync-source", agentId: s.agentId, sourceId: s.id } satisfies IngestMessage }));
    await env.INGEST_QUEUE.sendBatch(messages);
  }
  return due.map((s) => s.id);
}
