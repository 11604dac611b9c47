/**
 * The way to an agent's knowledge index: `INDEX_REPLICAS` KnowledgeIndexDO copies per agent
 * (default 1). Replica 0 (named for the agent) takes every write and embeds; the others copy from it
 * (`durable-objects/knowledge-index/replication.ts`). A conversation searches one replica chosen by a
 * stable hash of its id, so a busy agent's searches spread over the copies.
 */
import { z } from "zod";
import type { KnowledgeIndexDO } from "../../durable-objects/knowledge-index/knowledge-index";

/** Between an agent id and a replica number in a replica's name: agent ids never hold it (`lib/params.ts`). */
const REPLICA_SEPARATOR = "#replica-";

/** The agent and replica number an index object's name stands for. */
export function replicaName(name: string): { agentId: string; replica: number } {
  const at = name.lastIndexOf(REPLICA_SEPARATOR);
  if (at < 0) return { agentId: name, replica: 0 };
  return { agentId: name.slice(0, at), replica: Number(name.slice(at + REPLICA_SEPARATOR.length)) || 0 };
}

/** More copies than this buy nothing a second agent would not: each write is applied this many times. */
export const MAX_INDEX_REPLICAS = 16;

const replicasVar = z.coerce.number().int().min(1).max(MAX_INDEX_REPLICAS);

export class IndexReplicasError extends Error {}

type IndexEnv = Pick<Env, "KNOWLEDGE_INDEX"> & { INDEX_REPLICAS?: string };

/** The last setting read and its count: every search reads it, and it changes only with a deploy. */
let knownReplicas: { raw: string; replicas: number } | null = null;

/** How many replicas each index has: `INDEX_REPLICAS` (empty or unset: 1); throws on anything else. */
export function indexReplicas(env: { INDEX_REPLICAS?: string }): number {
  const raw = env.INDEX_REPLICAS?.trim() ?? "";
  if (raw === "") return 1;
  if (knownReplicas?.raw === raw) return knownReplicas.replicas;
  const parsed = replicasVar.safeParse(raw);
  if (!parsed.success)
    throw new IndexReplicasError(
      `INDEX_REPLICAS must be a whole number from 1 to ${MAX_INDEX_REPLICAS}; it is "${raw.slice(0, 40)}"`,
    );
  knownReplicas = { raw, replicas: parsed.data };
  return parsed.data;
}

const MAX_KEPT_IDS = 1_024; // index object ids derived once per name (a hash each time); a bound keeps memory flat
const knownIds = new WeakMap<DurableObjectNamespace<KnowledgeIndexDO>, Map<string, DurableObjectId>>();

/** Replica `replica` of an agent's index; replica 0 (the default) is the one every write goes to. */
export function knowledgeIndex(env: Pick<Env, "KNOWLEDGE_INDEX">, agentId: string, replica = 0) {
  const namespace = env.KNOWLEDGE_INDEX as DurableObjectNamespace<KnowledgeIndexDO>;
  const name = replica === 0 ? agentId : `${agentId}${REPLICA_SEPARATOR}${replica}`;
  let ids = knownIds.get(namespace);
  if (!ids) {
    ids = new Map();
    knownIds.set(namespace, ids);
  }
  let id = ids.get(name);
  if (!id) {
    if (ids.size >= MAX_KEPT_IDS) ids.clear();
    id = namespace.idFromName(name);
    ids.set(name, id);
  }
  return namespace.get(id);
}

/** FNV-1a: a cheap, stable 32-bit hash, the same in every isolate and on every deploy. */
function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Which replica the searches keyed by `key` (a conversation id) go to. */
export function replicaFor(env: { INDEX_REPLICAS?: string }, key: string): number {
  let replicas = 1;
  try {
    replicas = indexReplicas(env);
  } catch (error) {
    // Replica 0 holds every write: searches stay right while ingest reports the setting.
    console.error("searching replica 0", error);
  }
  return replicas === 1 ? 0 : stableHash(key) % replicas;
}

/** The replica that searches keyed by `key` use: a conversation's id, or any stable text for previews and batches. */
export function searchIndex(env: IndexEnv, agentId: string, key: string) {
  return knowledgeIndex(env, agentId, replicaFor(env, key));
}

/**
 * Brings every replica but 0 up to replica 0's version (after a write to it). Every replica is tried;
 * then the first failure is thrown, so the ingest queue retries — and a retry converges, since a
 * replica copies what replica 0 holds now.
 */
export async function syncReplicas(env: IndexEnv, agentId: string): Promise<void> {
  const replicas = indexReplicas(env);
  const results = await Promise.allSettled(
    Array.from({ length: replicas - 1 }, (_, i) => knowledgeIndex(env, agentId, i + 1).catchUp()),
  );
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}
