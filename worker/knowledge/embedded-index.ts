/** The way to an agent's embedded index: one KnowledgeIndexDO per agent (and per embedder). */
import type { KnowledgeIndexDO } from "../../durable-objects/knowledge-index";
import { OFFLINE_EMBEDDER_ID } from "./engine/embedder";

/** The index name carries the embedder: vectors of different embedders never share an index. */
export function indexName(agentId: string, embedderId = OFFLINE_EMBEDDER_ID): string {
  return `${agentId}:${embedderId}`;
}

export function knowledgeIndex(env: Pick<Env, "KNOWLEDGE_INDEX">, agentId: string): DurableObjectStub<KnowledgeIndexDO> {
  const namespace = env.KNOWLEDGE_INDEX as DurableObjectNamespace<KnowledgeIndexDO>;
  return namespace.get(namespace.idFromName(indexName(agentId)));
}
