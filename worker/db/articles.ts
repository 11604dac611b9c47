/**
 * Knowledge-base articles written in Frontdesk (Markdown), keyed by (agent, article id).
 * They are the documents of the agent's built-in "articles" source (see worker/knowledge/articles.ts).
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "./client";
import { articles } from "./schema";

export type ArticleSummary = {
  id: string;
  title: string;
  url: string | null;
  published: boolean;
  createdAt: number;
  updatedAt: number;
};

export type Article = ArticleSummary & { body: string };

export type ArticleInput = { title: string; body: string; url: string | null; published: boolean };

const summaryColumns = {
  id: articles.id,
  title: articles.title,
  url: articles.url,
  published: articles.published,
  createdAt: articles.createdAt,
  updatedAt: articles.updatedAt,
};

const byKey = (agentId: string, id: string) => and(eq(articles.agentId, agentId), eq(articles.id, id));

/** An agent's articles without their bodies (which may be large), ordered by id. */
export async function listArticles(db: Db, agentId: string): Promise<ArticleSummary[]> {
  return db.select(summaryColumns).from(articles).where(eq(articles.agentId, agentId)).orderBy(asc(articles.id)).all();
}

export async function getArticle(db: Db, agentId: string, id: string): Promise<Article | null> {
  const row = await db
    .select({ ...summaryColumns, body: articles.body })
    .from(articles)
    .where(byKey(agentId, id))
    .get();
  return row ?? null;
}

/**
 * Creates or replaces an article. `created` comes from a read just before the upsert: two racing
 * first writes may both report "created", but the stored article is always the last write.
 */
export async function putArticle(
  db: Db,
  agentId: string,
  id: string,
  input: ArticleInput,
  now = Date.now(),
): Promise<{ article: Article; created: boolean }> {
  const existing = await db.select({ id: articles.id }).from(articles).where(byKey(agentId, id)).get();
  const [row] = await db
    .insert(articles)
    .values({ agentId, id, ...input, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [articles.agentId, articles.id], set: { ...input, updatedAt: now } })
    .returning({ ...summaryColumns, body: articles.body });
  if (!row) throw new Error(`saving article ${agentId}/${id} returned no row`);
  return { article: row, created: existing === undefined };
}

/** Deletes one article of an agent; false when there was none. */
export async function deleteArticle(db: Db, agentId: string, id: string): Promise<boolean> {
  const deleted = await db.delete(articles).where(byKey(agentId, id)).returning({ id: articles.id });
  return deleted.length > 0;
}
