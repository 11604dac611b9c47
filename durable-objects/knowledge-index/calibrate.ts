/**
 * Keeps an index's calibration (`worker/knowledge/engine/calibration.ts`) current: read from the
 * index's meta table, and measured again — a few dozen probe searches — when the index has changed
 * enough since (a fifth more or fewer chunks, another vector space). Ingest measures it as the index
 * grows; the first search on a settled index (no write under way) after any change measures it on
 * what the index now holds, so a given set of documents always gets the same calibration.
 */
import {
  CALIBRATION_PROBES,
  calibrationFrom,
  needsCalibration,
  parseCalibration,
  PROBE_RANKING,
  probeQuestion,
  type Calibration,
} from "../../worker/knowledge/engine/calibration";
import { FULL_TEXT_ONLY, type Semantic } from "../../worker/knowledge/engine/ranking";
import type { ChunkTables } from "./chunks";
import type { StoredSearch } from "./stored-search";

export type CalibrationContext = {
  tables: ChunkTables;
  stored: StoredSearch;
  /** The active vector space, and whether its vectors should be reachable (not a full-text-only index). */
  space: string;
  vectors: boolean;
  /** The questions in that space, embedded in one call. */
  semantics: (questions: string[]) => Promise<Semantic[]>;
  /** The index's content version (replica 0's change log; a replica's copied version). */
  version: number;
  /** No write under way: measure again after any change, not only after a fifth. */
  settled: boolean;
};

/** The index's calibration, measured first when it is missing or out of date. */
export async function currentCalibration(context: CalibrationContext): Promise<Calibration> {
  const { tables, stored, space } = context;
  const index = { chunks: stored.size, space, version: context.version };
  const previous = parseCalibration(tables.meta("calibration"));
  if (previous && !needsCalibration(previous, index, context.settled)) return previous;
  const probes = tables
    .spread(CALIBRATION_PROBES, index.chunks)
    .map((chunk) => ({ documentKey: chunk.documentKey, question: probeQuestion(chunk) }));
  const semantics = await context.semantics(probes.map((probe) => probe.question));
  // Vectors out of reach (a provider outage): full-text scores are on another scale; measure again later.
  if (context.vectors && semantics.some((semantic) => semantic === FULL_TEXT_ONLY))
    return previous ?? calibrationFrom([], [], index);
  const rankings = probes.map((probe, i) =>
    stored.searchDocuments(probe.question, PROBE_RANKING, semantics[i] ?? FULL_TEXT_ONLY),
  );
  const measured = calibrationFrom(probes, rankings, index);
  tables.setMeta("calibration", JSON.stringify(measured));
  return measured;
}
