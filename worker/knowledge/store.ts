/**
 * Reads an agent's knowledge from D1: its articles and short answers (the rows retrieval ranks). The
 * short answers, read for every visitor message, are kept by the isolate for a few seconds
 * (worker/db/read-cache.ts): a change through this isolate's admin API is seen at once, another
 * isolate's within the TTL.
 */
import { asc, eq } from "drizzle-orm";
import { database } from "../db/client";
import { isolateCache } from "../db/read-cache";
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

const keptShortAnswers = isolateCache<readonly ShortAnswerRow[]>(["short_answers"]);

/** Every short answer of the agent, in a stable order (ids); shared with other callers, so never changed. */
export async function listShortAnswers(
  env: Pick<Env, "DB">,
  agentId: string,
  now = Date.now(),
): Promise<readonly Readonly<ShortAnswerRow>[]> {
  const kept = keptShortAnswers.get(agentId, now);
  if (kept) return kept;
  const read = keptShortAnswers.begin(now);
  const rows = await database(env)
    .select({ id: shortAnswers.id, question: shortAnswers.question, answer: shortAnswers.answer })
    .from(shortAnswers)
    .where(eq(shortAnswers.agentId, agentId))
    .orderBy(asc(shortAnswers.id))
    .all();
  const frozen = Object.freeze(rows.map((row) => Object.freeze(row)));
  keptShortAnswers.set(agentId, frozen, read);
  return frozen;
}
