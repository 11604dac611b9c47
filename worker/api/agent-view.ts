/**
 * What the agent routes (agent-config.ts, agents.ts) share: the agent as the admin API shows it
 * (the published configuration and its draft), the lookup that answers 404 for an unknown agent,
 * and the description of that view in the OpenAPI document.
 */
import { getAgent, getDraft, type Agent } from "../db/agents";
import type { Db } from "../db/client";
import { notFound } from "../lib/errors";

/** The agent as the admin API shows it: the published configuration, and the draft when there is one. */
export async function agentView(db: Db, agent: Agent) {
  return { ...agent, draft: await getDraft(db, agent) };
}

export async function requireAgent(db: Db, id: string): Promise<Agent> {
  const agent = await getAgent(db, id);
  if (!agent) throw notFound("Agent");
  return agent;
}

export const AGENT_VIEW =
  "The agent: id, name, personality, greeting, settings, publishedVersion, unpublishedAt, " +
  "timestamps, and draft (the newer unpublished configuration, or null)";
