/**
 * The published configuration of an agent for conversations, cached in the isolate and keyed by
 * its stamp (published version, unpublished time, last update): every message reads the small stamp,
 * and only a changed stamp reads and parses the whole configuration again. Nothing is pushed to the
 * thousands of conversation objects on publish; each sees the new version on its next message.
 */
import { eq } from "drizzle-orm";
import { getAgent, type Agent } from "./agents";
import type { Db } from "./client";
import { deepFreeze } from "../lib/frozen";
import { agents } from "./schema";

const MAX_CACHED_AGENTS = 256; // an isolate serves a few agents' conversations; the oldest entry goes first

const cache = new Map<string, Agent>();

const sameStamp = (agent: Agent, stamp: AgentStamp) =>
  agent.publishedVersion === stamp.publishedVersion &&
  agent.unpublishedAt === stamp.unpublishedAt &&
  agent.updatedAt === stamp.updatedAt;

export type AgentStamp = Pick<Agent, "publishedVersion" | "unpublishedAt" | "updatedAt">;

/** The query for an agent's stamp (its rows: none when the agent does not exist), to read alone or in a batch. */
export const agentStampQuery = (db: Db, id: string) =>
  db
    .select({
      publishedVersion: agents.publishedVersion,
      unpublishedAt: agents.unpublishedAt,
      updatedAt: agents.updatedAt,
    })
    .from(agents)
    .where(eq(agents.id, id));

/** The agent as the isolate keeps it, without checking its stamp (what a batch of reads may be built from). */
export const cachedAgent = (id: string): Agent | undefined => cache.get(id);

/**
 * The agent as `getAgent` reads it, or null when it does not exist; from the cache while its stamp is unchanged.
 * `read.stamp` is the stamp when the caller read it already (in a batch with other reads; undefined: no row).
 */
export async function publishedAgent(
  db: Db,
  id: string,
  read?: { stamp: AgentStamp | undefined },
): Promise<Agent | null> {
  const cached = cache.get(id);
  if (cached) {
    const stamp = read ? read.stamp : await agentStampQuery(db, id).get();
    if (stamp && sameStamp(cached, stamp)) return cached;
  }
  cache.delete(id);
  const agent = await getAgent(db, id);
  if (agent) {
    cache.set(id, deepFreeze(agent)); // shared by every conversation in the isolate: nobody may change it
    if (cache.size > MAX_CACHED_AGENTS) cache.delete(cache.keys().next().value!);
  }
  return agent;
}
