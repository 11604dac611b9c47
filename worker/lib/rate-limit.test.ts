import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Rate, takeRequest } from "./rate-limit";

/** Runs requests at the given times; returns which were allowed and the last refusal's Retry-After. */
function run(rate: Rate, times: number[]): { allowed: boolean[]; retryAfter: number | null } {
  let tat = 0;
  let retryAfter: number | null = null;
  const allowed = times.map((now) => {
    const decision = takeRequest(tat, rate, now);
    tat = decision.tat;
    if (!decision.allowed) retryAfter = decision.retryAfterSeconds;
    return decision.allowed;
  });
  return { allowed, retryAfter };
}

const T0 = 1_800_000_000_000;

describe("takeRequest", () => {
  it("takes a burst of `count`, refuses the next, and says when one more will be taken", () => {
    const rate = { count: 10, minutes: 10 };
    const { allowed, retryAfter } = run(
      rate,
      Array.from({ length: 11 }, () => T0),
    );
    expect(allowed).toEqual([...Array(10).fill(true), false]);
    expect(retryAfter).toBe(60); // one request refills every minute
    expect(run(rate, [...Array(10).fill(T0), T0 + 59_000]).allowed.at(-1)).toBe(false);
    expect(run(rate, [...Array(10).fill(T0), T0 + 60_000]).allowed.at(-1)).toBe(true);
  });

  it("never takes more than count + elapsed/interval requests, and never refuses an even pace", () => {
    fc.assert(
      fc.property(
        fc.record({ count: fc.integer({ min: 1, max: 50 }), minutes: fc.integer({ min: 1, max: 60 }) }),
        fc.array(fc.integer({ min: 0, max: 3_600_000 }), { minLength: 1, maxLength: 200 }),
        (rate, offsets) => {
          const times = offsets.map((o) => T0 + o).sort((a, b) => a - b);
          const taken = run(rate, times).allowed.filter(Boolean).length;
          const interval = (rate.minutes * 60_000) / rate.count;
          const elapsed = times.at(-1)! - times[0]!;
          expect(taken).toBeLessThanOrEqual(rate.count + Math.floor(elapsed / interval));
          const even = Array.from({ length: 3 * rate.count }, (_, i) => T0 + Math.ceil(i * interval));
          expect(run(rate, even).allowed.every(Boolean)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
