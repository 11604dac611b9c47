/**
 * Tells the open inboxes that a conversation changed, or was erased: the change goes to the hub shard
 * of the conversation's agent only. Never throws: a missed update is fixed by the inbox's next reload.
 */
import { eq } from "drizzle-orm";
import { database } from "../db/client";
import { conversations } from "../db/schema";
import { allShards, inboxShard } from "./hub";
import { conversationSummaries } from "./summaries";
import { knownUnwatched, noteUnwatched } from "./unwatched";

/**
 * `agentId`, when the caller knows it, saves reading the conversation's summary while no inbox of its agent
 * is open — and, for a moment after the shard said so, asking it again.
 */
export async function notifyInbox(
  env: Pick<Env, "DB" | "INBOX">,
  conversationId: string,
  agentId?: string,
): Promise<void> {
  try {
    if (agentId && !(await inboxWatched(env, agentId))) return;
    const [summary] = await conversationSummaries(database(env), eq(conversations.id, conversationId), 1);
    if (summary) await inboxShard(env, summary.agentId).conversationChanged(summary);
  } catch (error) {
    console.error("inbox notification failed", error);
  }
}

/** Whether an inbox of `agentId` is open: asked of its shard, unless it said "no" a moment ago (unwatched.ts). */
async function inboxWatched(env: Pick<Env, "INBOX">, agentId: string): Promise<boolean> {
  if (knownUnwatched(agentId)) return false;
  const open = await inboxShard(env, agentId).inboxOpen();
  if (!open) noteUnwatched(agentId);
  return open;
}

/** The conversation was erased (its row may be gone already): its agent's shard, or every shard when unknown. */
export async function notifyInboxRemoved(
  env: Pick<Env, "DB" | "INBOX">,
  conversationId: string,
  agentId?: string,
): Promise<void> {
  try {
    const shards = agentId ? [inboxShard(env, agentId)] : await allShards(env, database(env));
    await Promise.all(shards.map((shard) => shard.conversationRemoved(conversationId)));
  } catch (error) {
    console.error("inbox notification failed", error);
  }
}
