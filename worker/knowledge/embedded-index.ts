/** The way to an agent's knowledge index: one KnowledgeIndexDO per agent (its vectors are in one embedder's space at a time). */
import type { KnowledgeIndexDO } from "../../durable-objects/knowledge-index/knowledge-index";

export function knowledgeIndex(
  env: Pick<Env, "KNOWLEDGE_INDEX">,
  agentId: string,
): DurableObjectStub<KnowledgeIndexDO> {
  const namespace = env.KNOWLEDGE_INDEX as DurableObjectNamespace<KnowledgeIndexDO>;
  return namespace.get(namespace.idFromName(agentId));
}
