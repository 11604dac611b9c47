/** parsed-settings.ts: a frozen settings object (a published agent's) is parsed once per part; others each time. */
import { describe, expect, it } from "vitest";
import type { Agent } from "../db/agents";
import { parsedOnce } from "./parsed-settings";

const counting = () => {
  let calls = 0;
  return { parse: () => ({ call: ++calls }), calls: () => calls };
};

describe("parsedOnce", () => {
  it("parses a frozen settings object's part once, and each part on its own", () => {
    const settings = Object.freeze({ guidelines: {} }) as Agent["settings"];
    const guidelines = counting();
    const first = parsedOnce(settings, "guidelines", guidelines.parse);
    expect(parsedOnce(settings, "guidelines", guidelines.parse)).toBe(first);
    expect(guidelines.calls()).toBe(1);
    const phrases = counting();
    parsedOnce(settings, "phrases", phrases.parse);
    expect(phrases.calls()).toBe(1);
    const other = Object.freeze({ guidelines: {} }) as Agent["settings"];
    expect(parsedOnce(other, "guidelines", guidelines.parse)).not.toBe(first); // another version: parsed again
  });

  it("parses settings that may still change each time", () => {
    const settings = { guidelines: {} } as Agent["settings"];
    const guidelines = counting();
    parsedOnce(settings, "guidelines", guidelines.parse);
    parsedOnce(settings, "guidelines", guidelines.parse);
    expect(guidelines.calls()).toBe(2);
  });
});
