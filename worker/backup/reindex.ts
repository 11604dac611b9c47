/**
 * Rebuilds every knowledge index from its sources after a restore: a restored D1 says which documents
 * were indexed, but the index objects of the new deployment are empty. The `source_documents` rows are
 * dropped (so nothing is skipped as unchanged), published articles are indexed at once, and every file
 * and URL source is queued to be read again by the ingest queue, as a re-sync does.
 */
import { eq, inArray } from "drizzle-orm";
import { database } from "../db/client";
import { articles, sourceDocuments, sources } from "../db/schema";
import { reindexArticle } from "../knowledge/articles";
import { queueResyncs } from "../knowledge/resync";

export type ReindexReport = { sourcesQueued: number; articlesIndexed: number };

/** Forgets what the index held and rebuilds it from the sources; file and URL sources finish in the background. */
export async function rebuildKnowledgeIndexes(env: Env): Promise<ReindexReport> {
  const db = database(env);
  await db.delete(sourceDocuments);
  const published = await db.select().from(articles).where(eq(articles.published, true)).all();
  for (const article of published) await reindexArticle(env, article.agentId, article);
  const queued = await db
    .select({ id: sources.id, agentId: sources.agentId })
    .from(sources)
    .where(inArray(sources.type, ["file", "url"]))
    .all();
  await queueResyncs(env, queued);
  return { sourcesQueued: queued.length, articlesIndexed: published.length };
}
