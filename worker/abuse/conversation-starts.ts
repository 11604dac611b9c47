/**
 * The limit on new conversations: per client IP (`CF-Connecting-IP`, which Cloudflare sets; skipped
 * when absent) and per agent, counted in the rate-limiter Durable Object so every isolate shares
 * them. A refusal is `429 rate_limited` with `Retry-After`.
 */
import type { Agent } from "../db/agents";
import { takeOrRefuse } from "./limiter";
import { limitSettings } from "./limits";

/** Counts a new conversation for `agent` from `ip` (null: unknown, only the agent's limit applies); throws 429 past a limit. */
export async function countConversationStart(
  env: Pick<Env, "RATE_LIMITER">,
  agent: Agent,
  ip: string | null,
): Promise<void> {
  const limits = limitSettings(agent.settings);
  if (ip) await takeOrRefuse(env, `ip:${agent.id}:${ip}`, limits.conversationStartsPerIp);
  await takeOrRefuse(env, `agent:${agent.id}`, limits.conversationStartsPerAgent);
}
