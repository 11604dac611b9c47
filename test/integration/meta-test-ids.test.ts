/**
 * The ids the Meta channel tests make (support/meta.ts): an id left to chance never ends the way the fake Graph
 * API fails a message (support/graph-failures.ts) — one that did failed its test now and then, 4 times in 1,000 —
 * and an id made to fail ends exactly so.
 */
import { describe, expect, it } from "vitest";
import { GRAPH_FAILURE_ENDINGS } from "./support/graph-failures";
import { numericId } from "./support/meta";

const ENDINGS = Object.values(GRAPH_FAILURE_ENDINGS);
const IDS = 5_000; // an id ending in a failure one time in 250 shows up here almost surely

describe("Meta test ids", () => {
  it("left to chance, never end as the fake Graph API fails, and are unique", () => {
    const ids = Array.from({ length: IDS }, () => numericId());
    expect(ids.filter((id) => ENDINGS.some((ending) => id.endsWith(ending)))).toEqual([]);
    expect(ids.every((id) => /^\d+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBeGreaterThan(IDS * 0.99);
  });

  it("made to fail, end with the failure asked for", () => {
    for (const ending of ENDINGS) expect(numericId(ending).endsWith(ending)).toBe(true);
  });
});
