/**
 * The way to the inbox hub: one InboxDO shard per agent, so a conversation's updates reach only the
 * shard of its agent and a busy agent cannot hold up another's. An open inbox keeps one socket on
 * each agent's shard; presence and "sign this person out everywhere" ask every shard.
 */
import type { InboxDO } from "../../durable-objects/inbox/inbox";
import type { Db } from "../db/client";
import { agents } from "../db/schema";

/** The hub shard of one agent's conversations. */
export function inboxShard(env: Pick<Env, "INBOX">, agentId: string): DurableObjectStub<InboxDO> {
  const namespace = env.INBOX as DurableObjectNamespace<InboxDO>;
  return namespace.get(namespace.idFromName(`agent:${agentId}`));
}

/** The agents whose shards an inbox listens to: every agent of the deployment, by name. */
export async function inboxAgents(db: Db): Promise<{ id: string; name: string }[]> {
  return db.select({ id: agents.id, name: agents.name }).from(agents).orderBy(agents.name).all();
}

/** Every agent's shard (for what concerns them all: presence, signing a person out). */
export async function allShards(env: Pick<Env, "INBOX">, db: Db): Promise<DurableObjectStub<InboxDO>[]> {
  return (await inboxAgents(db)).map((agent) => inboxShard(env, agent.id));
}
