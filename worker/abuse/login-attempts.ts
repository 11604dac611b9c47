/**
 * Throttling of inbox sign-in: failed attempts are counted per email and per client IP
 * (`CF-Connecting-IP`, skipped when absent) in the rate-limiter Durable Object, so every isolate
 * shares them. Past either limit a sign-in is refused with `429 rate_limited` and `Retry-After`
 * before the password is checked, so guessing stops even when a guess would be right.
 */
import { rateLimited } from "../lib/errors";
import type { Rate } from "../lib/rate-limit";
import { limiter } from "./limiter";

/** One person mistyping a few times gets through; guessing one account's password does not. */
export const FAILED_LOGINS_PER_EMAIL: Rate = { count: 5, minutes: 15 };
/** Wider than per email, since an office may share one address; still far too few for spraying guesses. */
export const FAILED_LOGINS_PER_IP: Rate = { count: 20, minutes: 15 };

type Limited = { key: string; rate: Rate };

function keys(email: string, ip: string | null): Limited[] {
  const byEmail = { key: `login-email:${email.trim().toLowerCase()}`, rate: FAILED_LOGINS_PER_EMAIL };
  return ip ? [byEmail, { key: `login-ip:${ip}`, rate: FAILED_LOGINS_PER_IP }] : [byEmail];
}

/** Throws 429 when this email or IP has failed too often lately; counts nothing. */
export async function refuseThrottledLogin(
  env: Pick<Env, "RATE_LIMITER">,
  email: string,
  ip: string | null,
): Promise<void> {
  for (const { key, rate } of keys(email, ip)) {
    const answer = await limiter(env, key).peek(rate);
    if (!answer.allowed) throw rateLimited(answer.retryAfterSeconds);
  }
}

/** Counts one failed sign-in against the email and the IP. */
export async function countFailedLogin(
  env: Pick<Env, "RATE_LIMITER">,
  email: string,
  ip: string | null,
): Promise<void> {
  await Promise.all(keys(email, ip).map(({ key, rate }) => limiter(env, key).take(rate)));
}
