/**
 * One key's count in the rate-limiter Durable Object, which every isolate shares (DECISIONS.md:
 * rate limits never live in a module-level Map): `takeOrRefuse` counts a request and throws
 * `429 rate_limited` with `Retry-After` past the rate.
 */
import type { RateLimiterDO } from "../../durable-objects/rate-limiter/rate-limiter";
import { rateLimited } from "../lib/errors";
import type { Rate } from "../lib/rate-limit";

/** The limiter object that counts `key`. */
export function limiter(env: Pick<Env, "RATE_LIMITER">, key: string) {
  const namespace = env.RATE_LIMITER as DurableObjectNamespace<RateLimiterDO>;
  return namespace.get(namespace.idFromName(key));
}

/** Counts one request against `key`; throws 429 when the rate is spent. */
export async function takeOrRefuse(env: Pick<Env, "RATE_LIMITER">, key: string, rate: Rate): Promise<void> {
  const answer = await limiter(env, key).take(rate);
  if (!answer.allowed) throw rateLimited(answer.retryAfterSeconds);
}
