/**
 * Which sections of the ranked documents reach a turn, and the evidence each carries. A help article
 * often opens with a summary that matches the question best ("Learn how to add libraries…", "Follow
 * the steps below") while the steps or the table that answer it are another section, so the
 * best-ranked document brings its sections that score nearly as well as its best; the others bring
 * their best one (`rankDocuments` in `ranking.ts` keeps what this picks; results cross an RPC boundary).
 */
import type { ChunkHit, DocumentHit } from "./ranking";

/** Sections the best-ranked document brings, its best included. */
export const TOP_DOCUMENT_SECTIONS = 3;
/** A section of the best-ranked document comes along when it scores at least this share of its best section. */
export const SECTION_TOLERANCE = 0.8;

/** The sections of the best-ranked document that travel on: its best, and those scoring nearly as well. */
export function topSections(chunks: readonly ChunkHit[]): ChunkHit[] {
  const floor = (chunks[0]?.score ?? 0) * SECTION_TOLERANCE;
  return chunks.filter((hit) => hit.score >= floor).slice(0, TOP_DOCUMENT_SECTIONS);
}

/**
 * The evidence a section of a ranked document carries: the document's, scaled by the section's score
 * beside its best one's (the best section carries the document's own).
 */
export function sectionEvidence(hit: Pick<DocumentHit, "score" | "chunks">, section: ChunkHit): number {
  const best = hit.chunks[0];
  if (!best || section === best || best.score <= 0) return hit.score;
  return hit.score * Math.min(1, section.score / best.score);
}
