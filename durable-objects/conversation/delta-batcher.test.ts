import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DELTA_WINDOW_MS, DeltaBatcher } from "./delta-batcher";

describe("DeltaBatcher", () => {
  let written: string[];
  let batcher: DeltaBatcher;
  beforeEach(() => {
    vi.useFakeTimers();
    written = [];
    batcher = new DeltaBatcher((text) => written.push(text));
  });
  afterEach(() => vi.useRealTimers());

  it("sends the first delta at once and gathers the next ones into one delta per window", () => {
    batcher.push("Hello");
    expect(written).toEqual(["Hello"]);
    for (const word of [" there", ",", " how", " can"]) batcher.push(word);
    expect(written).toEqual(["Hello"]);
    vi.advanceTimersByTime(DELTA_WINDOW_MS);
    expect(written).toEqual(["Hello", " there, how can"]);
    batcher.push(" I");
    batcher.push(" help?");
    vi.advanceTimersByTime(DELTA_WINDOW_MS);
    expect(written).toEqual(["Hello", " there, how can", " I help?"]);
  });

  it("flushes what it gathered at once, and only once", () => {
    batcher.push("A");
    batcher.push("B");
    batcher.flush();
    expect(written).toEqual(["A", "B"]);
    vi.advanceTimersByTime(DELTA_WINDOW_MS * 2);
    batcher.flush();
    expect(written).toEqual(["A", "B"]);
  });

  it("drops what it gathered when the answer is replaced", () => {
    batcher.push("A");
    batcher.push("secret");
    batcher.drop();
    vi.advanceTimersByTime(DELTA_WINDOW_MS * 2);
    batcher.flush();
    expect(written).toEqual(["A"]);
  });
});
