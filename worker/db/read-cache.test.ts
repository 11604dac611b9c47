/**
 * The isolate's read cache shares a running read among the callers that miss while it runs, within the
 * TTL and with no write since; a read slower than the TTL still serves them. Its use by the message's
 * reads is in test/integration/read-cache.test.ts and message-reads.test.ts.
 */
import { describe, expect, it } from "vitest";
import { IsolateCache } from "./read-cache";

const TTL = 1_000;

/** A load that ends when the test says so, counting its calls. */
function controlledLoad<V>() {
  const pending: ((value: V) => void)[] = [];
  const load = () => new Promise<V>((resolve) => pending.push(resolve));
  return { load, calls: () => pending.length, finish: (i: number, value: V) => pending[i]?.(value) };
}

describe("isolate read cache, shared reads", () => {
  it("gives every caller that misses while a read runs that read's result: one load, not one each", async () => {
    const cache = new IsolateCache<string>(["agent"], TTL);
    const { load, calls, finish } = controlledLoad<string>();
    const reads = [cache.read("a", load, 0), cache.read("a", load, 10), cache.read("a", load, 20)];
    expect(calls()).toBe(1);
    finish(0, "v1");
    expect(await Promise.all(reads)).toEqual(["v1", "v1", "v1"]);
    expect(await cache.read("a", load, 30)).toBe("v1"); // kept
    expect(calls()).toBe(1);
  });

  it("serves those who asked while a read slower than the TTL ran, and starts a new read for a later caller", async () => {
    const cache = new IsolateCache<string>(["agent"], TTL);
    const { load, calls, finish } = controlledLoad<string>();
    const early = [cache.read("a", load, 0), cache.read("a", load, TTL - 1)];
    const late = cache.read("a", load, TTL); // the running read began a whole TTL ago: too stale to share
    expect(calls()).toBe(2);
    finish(0, "slow");
    finish(1, "fresh");
    expect(await Promise.all(early)).toEqual(["slow", "slow"]);
    expect(await late).toBe("fresh");
  });

  it("does not share a read that a write dropped entries during, nor keep its result", async () => {
    const cache = new IsolateCache<string>(["agent"], TTL);
    const { load, calls, finish } = controlledLoad<string>();
    const before = cache.read("a", load, 0);
    cache.delete("a"); // a write changed the agent while the read ran
    const after = cache.read("a", load, 5);
    expect(calls()).toBe(2);
    finish(0, "old");
    finish(1, "new");
    expect(await before).toBe("old");
    expect(await after).toBe("new");
    expect(cache.get("a", 10)).toBe("new");
  });

  it("lets a failed read fail its callers, and the next caller read again", async () => {
    const cache = new IsolateCache<string>(["agent"], TTL);
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error("D1 unavailable"));
    };
    await expect(Promise.all([cache.read("a", failing, 0), cache.read("a", failing, 1)])).rejects.toThrow("D1");
    expect(calls).toBe(1);
    expect(await cache.read("a", async () => "ok", 2)).toBe("ok");
  });
});
