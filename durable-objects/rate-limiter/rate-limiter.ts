/**
 * A rate limiter shared by every isolate: one object per key (`ip:<agent>:<address>`,
 * `agent:<agent>`, `login-email:<email>`, `login-ip:<address>`), holding that key's one number
 * (GCRA's theoretical arrival time). The platform's rate-limit binding has only 10 s and 60 s
 * windows and no Retry-After, hence this object.
 */
import { DurableObject } from "cloudflare:workers";
import { type Rate, takeRequest } from "../../worker/lib/rate-limit";

const TAT_KEY = "tat";

export type LimiterAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimiterDO extends DurableObject<Env> {
  /** Whether a request would be taken now, without taking it (login checks before it knows whether to count). */
  async peek(rate: Rate): Promise<LimiterAnswer> {
    const tat = ((await this.ctx.storage.get<number>(TAT_KEY)) ?? 0) as number;
    const decision = takeRequest(tat, rate, Date.now());
    return decision.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
  }

  /** Takes one request for this key at `rate`; a refused request changes nothing. */
  async take(rate: Rate): Promise<LimiterAnswer> {
    const tat = ((await this.ctx.storage.get<number>(TAT_KEY)) ?? 0) as number;
    const decision = takeRequest(tat, rate, Date.now());
    if (!decision.allowed) return { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
    await this.ctx.storage.put(TAT_KEY, decision.tat);
    return { allowed: true };
  }
}
