/**
 * What the chat's public routes read as a visitor opens the chat, kept by the isolate for
 * `READ_TTL_MS` (worker/db/read-cache.ts): the agent (is it published, which sites may embed it) and a
 * conversation's owner (its visitor and agent, which never change). Opening the chat is three
 * requests within a second — start or resume, socket ticket, socket — and each read both from D1,
 * a thousand visitors arriving together a few thousand reads.
 *
 * Staleness, as for a message's reads: a change made through this isolate's admin API (publishing,
 * unpublishing, the allowed sites) is seen at once; one made in another isolate within the TTL.
 * Only what exists is kept: an unknown id is read again each time, so made-up ids cannot push real
 * entries out.
 */
import { eq } from "drizzle-orm";
import type { Agent } from "../../db/agents";
import { database } from "../../db/client";
import { publishedAgent } from "../../db/published-agent";
import { isolateCache } from "../../db/read-cache";
import { conversations } from "../../db/schema";

export type ConversationOwner = { visitorId: string; agentId: string };

const agents = isolateCache<Agent>(["agent"]);
const owners = isolateCache<ConversationOwner>([]); // a conversation's visitor and agent never change

/** The agent (published or not), or null when it does not exist. */
export async function chatAgent(env: Env, agentId: string): Promise<Agent | null> {
  const kept = agents.get(agentId);
  if (kept) return kept;
  const read = agents.begin();
  const agent = await publishedAgent(database(env), agentId);
  if (agent) agents.set(agentId, agent, read);
  return agent;
}

/** Whose conversation this is, or null when it does not exist. */
export async function conversationOwner(env: Env, conversationId: string): Promise<ConversationOwner | null> {
  const kept = owners.get(conversationId);
  if (kept) return kept;
  const read = owners.begin();
  const owner = await database(env)
    .select({ visitorId: conversations.visitorId, agentId: conversations.agentId })
    .from(conversations)
    .where(eq(conversations.id, conversationId))
    .get();
  if (owner) owners.set(conversationId, owner, read);
  return owner ?? null;
}
