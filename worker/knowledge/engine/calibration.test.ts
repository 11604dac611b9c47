import { describe, expect, it } from "vitest";
import {
  calibrated,
  calibrationFrom,
  needsCalibration,
  parseCalibration,
  probeQuestion,
  type Probe,
} from "./calibration";
import type { DocumentHit } from "./ranking";

const hit = (documentKey: string, score: number): DocumentHit => ({ documentKey, score, titleMatch: 0, chunks: [] });
const INDEX = { chunks: 100, space: "embedded/offline", version: 7 };

/** `n` probes, each ranked first by its own document and then by another scoring `unrelated[i]`. */
function probed(unrelated: number[]): { probes: Probe[]; rankings: DocumentHit[][] } {
  const probes = unrelated.map((_, i) => ({ documentKey: `d${i}`, question: `question ${i}` }));
  const rankings = unrelated.map((score, i) => [hit(`d${i}`, 0.9), hit(`other${i}`, score)]);
  return { probes, rankings };
}

describe("index calibration", () => {
  it("puts the typical score of the best unrelated document (the middle half's mean) at the reference background", () => {
    const { probes, rankings } = probed([0.6, 0.01, 0.3, 0.4, 0.99, 0.45, 0.5, 0.35]);
    const calibration = calibrationFrom(probes, rankings, INDEX);
    expect(calibration.background).toBeCloseTo(0.425, 9); // of 0.35, 0.4, 0.45 and 0.5: the extremes count for nothing
    expect(calibration.factor).toBeCloseTo(0.5 / 0.425, 9);
    expect(calibration).toMatchObject({ probes: 8, ...INDEX });
  });

  it("skips the probe's own document, wherever it ranks", () => {
    const probes = Array.from({ length: 8 }, (_, i) => ({ documentKey: `d${i}`, question: `q${i}` }));
    const rankings = probes.map((p) => [hit("other", 0.25), hit(p.documentKey, 0.9)]);
    expect(calibrationFrom(probes, rankings, INDEX).background).toBe(0.25);
  });

  it("takes the highest unrelated score, not the first ranked (documents are ordered with a share scores leave out)", () => {
    const probes = Array.from({ length: 8 }, (_, i) => ({ documentKey: `d${i}`, question: `q${i}` }));
    const rankings = probes.map((p) => [
      { ...hit("whole-text", 0.2), order: 0.8 },
      hit(p.documentKey, 0.9),
      { ...hit("best-section", 0.3), order: 0.5 },
    ]);
    expect(calibrationFrom(probes, rankings, INDEX).background).toBe(0.3);
  });

  it("keeps the plain scale when too few probes find another document (an index of one or two documents)", () => {
    const { probes, rankings } = probed([0.1, 0.1, 0.1]);
    expect(calibrationFrom(probes, rankings, INDEX)).toMatchObject({ factor: 1, background: null });
    const alone = probes.map((p) => [hit(p.documentKey, 0.9)]);
    expect(calibrationFrom(probes, alone, INDEX)).toMatchObject({ factor: 1, probes: 0 });
  });

  it("moves the scale at most by half either way", () => {
    expect(calibrationFrom(...args(probed(Array(9).fill(0.05)))).factor).toBe(1.5);
    expect(calibrationFrom(...args(probed(Array(9).fill(0.99)))).factor).toBeCloseTo(1 / 1.5, 9);
  });

  it("is measured again when the index changed by a fifth or switched vector spaces, not before", () => {
    const calibration = calibrationFrom(...args(probed(Array(9).fill(0.5))));
    expect(needsCalibration(null, INDEX)).toBe(true);
    expect(needsCalibration(calibration, INDEX)).toBe(false);
    expect(needsCalibration(calibration, { ...INDEX, chunks: 120 })).toBe(false);
    expect(needsCalibration(calibration, { ...INDEX, chunks: 121 })).toBe(true);
    expect(needsCalibration(calibration, { ...INDEX, chunks: 79 })).toBe(true);
    expect(needsCalibration(calibration, { ...INDEX, space: "vectorize/openai" })).toBe(true);
    expect(needsCalibration({ ...calibration, chunks: 0 }, { ...INDEX, chunks: 1 })).toBe(true);
    expect(needsCalibration({ ...calibration, chunks: 0 }, { ...INDEX, chunks: 0 })).toBe(false);
    // Settled (no write under way): any change of content since counts, however small.
    expect(needsCalibration(calibration, { ...INDEX, version: 8 })).toBe(false);
    expect(needsCalibration(calibration, { ...INDEX, version: 8 }, true)).toBe(true);
    expect(needsCalibration(calibration, INDEX, true)).toBe(false);
    const { version: _, ...unversioned } = calibration; // stored before versions were recorded
    expect(needsCalibration(unversioned, INDEX, true)).toBe(true);
  });

  it("scales document scores, leaving the hits otherwise as they are", () => {
    const hits = [hit("a", 0.4), hit("b", 0.2)];
    expect(calibrated(hits, { factor: 1.25 }).map((h) => [h.documentKey, h.score])).toEqual([
      ["a", 0.5],
      ["b", 0.25],
    ]);
    expect(calibrated(hits, { factor: 1 })).toBe(hits);
  });

  it("reads a stored calibration back, and nothing from a damaged one", () => {
    const calibration = calibrationFrom(...args(probed(Array(9).fill(0.4))));
    expect(parseCalibration(JSON.stringify(calibration))).toEqual(calibration);
    for (const bad of [null, "", "{", "[]", '{"factor":"2"}', "null"]) expect(parseCalibration(bad)).toBeNull();
  });

  it("asks a section's own heading and opening words", () => {
    const text = Array.from({ length: 30 }, (_, i) => `w${i}`).join(" ");
    expect(probeQuestion({ headingPath: ["Article", "Refunds"], text })).toBe(
      `Refunds ${Array.from({ length: 12 }, (_, i) => `w${i}`).join(" ")}`,
    );
    expect(probeQuestion({ headingPath: [], text: "  short\n text " })).toBe("short text");
  });
});

function args({ probes, rankings }: { probes: Probe[]; rankings: DocumentHit[][] }) {
  return [probes, rankings, INDEX] as const;
}
