/**
 * The limit on new conversations: per client IP (`CF-Connecting-IP`, which Cloudflare sets; skipped
 * when absent) and per agent, counted in the rate-limiter Durable Object so every isolate shares
 * them. A refusal is `429 rate_limited` with `Retry-After`.
 */
import type { RateLimiterDO } from "../../durable-objects/rate-limiter/rate-limiter";
import type { Agent } from "../db/agents";
import { rateLimited } from "../lib/errors";
import type { Rate } from "../lib/rate-limit";
import { limitSettings } from "./limits";

function limiter(env: Pick<Env, "RATE_LIMITER">, key: string) {
  const namespace = env.RATE_LIMITER as DurableObjectNamespace<RateLimiterDO>;
  return namespace.get(namespace.idFromName(key));
}

async function take(env: Pick<Env, "RATE_LIMITER">, key: string, rate: Rate): Promise<void> {
  const answer = await limiter(env, key).take(rate);
  if (!answer.allowed) throw rateLimited(answer.retryAfterSeconds);
}

/** Counts a new conversation for `agent` from `ip` (null: unknown, only the agent's limit applies); throws 429 past a limit. */
export async function countConversationStart(
  env: Pick<Env, "RATE_LIMITER">,
  agent: Agent,
  ip: string | null,
): Promise<void> {
  const limits = limitSettings(agent.settings);
  if (ip) await take(env, `ip:${agent.id}:${ip}`, limits.conversationStartsPerIp);
  await take(env, `agent:${agent.id}`, limits.conversationStartsPerAgent);
}
