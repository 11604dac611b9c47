/** Keeps the index in step with an agent's articles: published ones are indexed at once on every save, others removed. */
import { database } from "../db/client";
import type { Article } from "../db/articles";
import { ensureBuiltInSource } from "../db/sources";
import { indexDocument, removeDocument } from "./ingest";

export async function reindexArticle(env: Env, agentId: string, article: Article): Promise<void> {
  const source = await ensureBuiltInSource(database(env), agentId, "articles");
  if (!article.published) return removeDocument(env, agentId, source.id, article.id);
  await indexDocument(env, { agentId, sourceId: source.id, documentId: article.id, title: article.title, url: article.url, markdown: article.body });
}

export async function unindexArticle(env: Env, agentId: string, articleId: string): Promise<void> {
  const source = await ensureBuiltInSource(database(env), agentId, "articles");
  await removeDocument(env, agentId, source.id, articleId);
}
