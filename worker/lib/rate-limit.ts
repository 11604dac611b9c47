/**
 * The one rate-limit algorithm (GCRA, the generic cell rate algorithm): "at most `count` per
 * `minutes`" as a burst of `count` that refills evenly, kept as a single number per key — the
 * theoretical arrival time (`tat`) of the next request. O(1) in time and storage, so a limiter can
 * sit on every request; the refusal says exactly when the next request will be taken.
 */

export type Rate = { count: number; minutes: number };

export type RateDecision = { allowed: true; tat: number } | { allowed: false; tat: number; retryAfterSeconds: number };

/** Takes one request at `now` against the stored `tat` (0 for a key never seen); store the returned `tat`. */
export function takeRequest(tat: number, rate: Rate, now: number): RateDecision {
  const window = rate.minutes * 60_000;
  const interval = window / rate.count;
  const start = Math.max(tat, now);
  const ahead = start - now; // how far this key is ahead of an even pace
  if (ahead > window - interval) {
    return { allowed: false, tat, retryAfterSeconds: Math.max(1, Math.ceil((ahead - (window - interval)) / 1000)) };
  }
  return { allowed: true, tat: start + interval };
}
