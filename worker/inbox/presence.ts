/**
 * Who has the inbox open right now (routing needs staff connected as well as available), and closing
 * one person's inbox sockets everywhere. An open inbox holds a socket on every agent's hub shard.
 */
import { database } from "../db/client";
import { allShards, inboxShard } from "./hub";

/** Staff with an inbox open: on `agentId`'s shard, or on any shard when no agent is named. */
export async function connectedStaffIds(env: Pick<Env, "INBOX" | "DB">, agentId?: string): Promise<Set<string>> {
  const shards = agentId ? [inboxShard(env, agentId)] : await allShards(env, database(env));
  const lists = await Promise.all(shards.map((shard) => shard.connectedStaffIds()));
  return new Set(lists.flat());
}

/** Closes every inbox socket of a staff member (deleted, or signed out everywhere). */
export async function disconnectStaff(env: Pick<Env, "INBOX" | "DB">, staffId: string): Promise<void> {
  const shards = await allShards(env, database(env));
  await Promise.all(shards.map((shard) => shard.disconnect(staffId)));
}
