/**
 * Calibration of an index's relevance scores. A fused score means different things on different
 * indexes: a small knowledge base of unrelated pages scores every question lower than a large help
 * center where many articles share its vocabulary, and another embedder has other cosines. So each
 * index measures its own background — the score a question about its subject gets from a document
 * that does not answer it — and scales its scores so that background sits where the thresholds
 * (`NOISE_FLOOR`, the offline model's `MIN_GROUNDING`) are stated. The probes are questions made
 * from the index's own sections (heading and opening words); the document each probe came from
 * is left out, so the best remaining document is a relevant-sounding one that does not answer it.
 */
import type { DocumentHit } from "./ranking";

/** Sections sampled as probe questions: enough for a steady background, few enough to measure in a second at 50,000 chunks. */
export const CALIBRATION_PROBES = 48;
/** Documents ranked per probe: the best one that is not the probe's own is among them. */
export const PROBE_RANKING = 10;
/**
 * Where the background is put on the scale the thresholds are stated on: the typical best
 * unrelated document of the Arduino help center (414 articles, offline embedder) scored about this,
 * and its thresholds were set there; any other index is mapped onto that scale.
 */
const REFERENCE_BACKGROUND = 0.5;
const PROBE_WORDS = 12; // a visitor's question is a heading's worth of topic and a dozen words of detail
const MIN_PROBES = 8; // fewer probes with another document to score (one or two documents): no background to measure
/** The scale never moves more than this either way: a background measured on few documents is a rough one. */
const MAX_FACTOR = 1.5;
const MIN_FACTOR = 1 / MAX_FACTOR;
/** The index has grown or shrunk by this share since it was calibrated: measure again. */
const RECALIBRATE_CHANGE = 0.2;

export type Calibration = {
  /** Multiplies every document score of this index. */
  factor: number;
  /** The typical score of the best unrelated document for the probes (null: too few to measure). */
  background: number | null;
  probes: number;
  /** Chunks, vector space and content version (`replication.ts`) the index had when measured. */
  chunks: number;
  space: string;
  /** Absent in a calibration stored before versions were recorded: measured again by the next settled search. */
  version?: number;
};

/** What a calibration describes: the index's size, vector space and content version. */
export type IndexState = { chunks: number; space: string; version: number };

export type Probe = { documentKey: string; question: string };

/** A question made from a section: its own heading and the opening words of its text. */
export function probeQuestion(section: { headingPath: string[]; text: string }): Probe["question"] {
  const heading = section.headingPath.at(-1) ?? "";
  return `${heading} ${section.text.split(/\s+/).slice(0, PROBE_WORDS).join(" ")}`.trim();
}

/**
 * The calibration from each probe's ranking (`rankings[i]` answers `probes[i]`): the highest
 * score among the documents that are not the probe's own (the mean of the middle half), mapped onto
 * the reference background.
 */
export function calibrationFrom(
  probes: readonly Probe[],
  rankings: readonly (readonly DocumentHit[])[],
  index: IndexState,
): Calibration {
  const unrelated = probes
    // The highest score, not the first ranked: documents are ordered with a share that scores leave out (`DocumentHit.order`).
    .map((probe, i) => bestScore((rankings[i] ?? []).filter((hit) => hit.documentKey !== probe.documentKey)))
    .filter((score): score is number => score !== undefined && score > 0)
    .sort((a, b) => a - b);
  const background = unrelated.length >= MIN_PROBES ? middleMean(unrelated) : null;
  const factor =
    background === null ? 1 : Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, REFERENCE_BACKGROUND / background));
  return { factor, background, probes: unrelated.length, ...index };
}

/** The highest score among `hits` (undefined when there are none). */
function bestScore(hits: readonly DocumentHit[]): number | undefined {
  return hits.length === 0 ? undefined : Math.max(...hits.map((hit) => hit.score));
}

/** The mean of the middle half of sorted values: as robust as the median, steadier over a few dozen probes. */
function middleMean(sorted: readonly number[]): number {
  const middle = sorted.slice(Math.floor(sorted.length / 4), Math.ceil((sorted.length * 3) / 4));
  return middle.reduce((sum, value) => sum + value, 0) / middle.length;
}

/**
 * Whether a calibration no longer describes the index: none yet, another vector space, or a fifth
 * more or fewer chunks. With `settled` (no write under way), any change of content since: a
 * settled index's calibration is then a function of what it holds alone — not of the order and
 * sizes in which ingest grew it — so the same documents always give the same scores.
 */
export function needsCalibration(calibration: Calibration | null, index: IndexState, settled = false): boolean {
  if (!calibration || calibration.space !== index.space) return true;
  if (settled && calibration.version !== index.version) return true;
  return Math.abs(index.chunks - calibration.chunks) > RECALIBRATE_CHANGE * Math.max(1, calibration.chunks);
}

/** Document hits on the calibrated scale. */
export function calibrated(hits: DocumentHit[], calibration: Pick<Calibration, "factor">): DocumentHit[] {
  if (calibration.factor === 1) return hits;
  const factor = calibration.factor;
  return hits.map((hit) => ({
    ...hit,
    score: hit.score * factor,
    ...(hit.order === undefined ? {} : { order: hit.order * factor }),
  }));
}

/** A stored calibration read back (null when absent or not one). */
export function parseCalibration(json: string | null): Calibration | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as Partial<Calibration>;
    return typeof value.factor === "number" && typeof value.chunks === "number" && typeof value.space === "string"
      ? (value as Calibration)
      : null;
  } catch {
    return null;
  }
}
