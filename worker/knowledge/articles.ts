/** Keeps the index in step with an agent's articles: published ones are indexed at once on every save, others removed. */
import { database } from "../db/client";
import type { Article } from "../db/articles";
import { ensureBuiltInSource } from "../db/sources";
import { ApiError } from "../lib/errors";
import { indexDocument, removeDocument } from "./ingest";

/**
 * Indexes a saved article; when the embedder fails the article stays saved (and its earlier version indexed), and the
 * caller is told why.
 */
export async function reindexArticle(env: Env, agentId: string, article: Article): Promise<void> {
  const source = await ensureBuiltInSource(database(env), agentId, "articles");
  if (!article.published) return removeDocument(env, agentId, source.id, article.id);
  try {
    await indexDocument(env, {
      agentId,
      sourceId: source.id,
      documentId: article.id,
      title: article.title,
      url: article.url,
      markdown: article.body,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError(
      502,
      "indexing_failed",
      `The article was saved but could not be indexed: ${reason}`.slice(0, 300),
    );
  }
}

export async function unindexArticle(env: Env, agentId: string, articleId: string): Promise<void> {
  const source = await ensureBuiltInSource(database(env), agentId, "articles");
  await removeDocument(env, agentId, source.id, articleId);
}
