/** Reads an agent's knowledge from D1: its articles and short answers (the rows retrieval ranks). */
import { asc, eq } from "drizzle-orm";
import { database } from "../db/client";
import { articles, shortAnswers } from "../db/schema";

export type ArticleRow = { id: string; title: string; body: string; url: string | null };
export type ShortAnswerRow = { id: string; question: string; answer: string };

/** Every article of the agent, in a stable order (ids), so ranking ties break the same way each time. */
export async function listArticles(env: Pick<Env, "DB">, agentId: string): Promise<ArticleRow[]> {
  return database(env)
    .select({ id: articles.id, title: articles.title, body: articles.body, url: articles.url })
    .from(articles)
    .where(eq(articles.agentId, agentId))
    .orderBy(asc(articles.id))
    .all();
}

/** Every short answer of the agent, in a stable order (ids). */
export async function listShortAnswers(env: Pick<Env, "DB">, agentId: string): Promise<ShortAnswerRow[]> {
  return database(env)
    .select({ id: shortAnswers.id, question: shortAnswers.question, answer: shortAnswers.answer })
    .from(shortAnswers)
    .where(eq(shortAnswers.agentId, agentId))
    .orderBy(asc(shortAnswers.id))
    .all();
}
