/**
 * Cross-lingual search on the query side: a question in Danish, Norwegian, Swedish or German is
 * searched as written and, translated through the support lexicon, in English; each document keeps
 * its better match. The index is asked twice and never changes, so any index backend works.
 */
import { translateQuery } from "./translate";

/**
 * What a match on the translated question is worth against one on the visitor's own words. Below 1:
 * a translation is a lossy reading of the question, so an article in the visitor's language that
 * matches about as well comes first. Close to 1: an English article the translation matches well
 * still clears the offline model's grounding bar (`MIN_GROUNDING`).
 */
export const TRANSLATED_MATCH_WEIGHT = 0.9;

/** A ranked document: its evidence `score`, and `order` when it is ranked by another figure (`DocumentHit`). */
type Hit = { documentKey: string; score: number; order?: number };
const rankOf = (hit: Hit): number => hit.order ?? hit.score;

/**
 * The `k` best documents for `query` from `search`, and, for a question in another language than
 * English, for its English translation too (scores weighted by `TRANSLATED_MATCH_WEIGHT`).
 */
export async function searchAcrossLanguages<H extends Hit>(
  search: (query: string, k: number) => Promise<H[]>,
  query: string,
  k: number,
): Promise<H[]> {
  const translation = translateQuery(query);
  if (!translation) return search(query, k);
  const [native, translated] = await Promise.all([search(query, k), search(translation.text, k)]);
  const best = new Map<string, H>(native.map((hit) => [hit.documentKey, hit]));
  for (const hit of translated) {
    const weighted = {
      ...hit,
      score: hit.score * TRANSLATED_MATCH_WEIGHT,
      ...(hit.order === undefined ? {} : { order: hit.order * TRANSLATED_MATCH_WEIGHT }),
    };
    const known = best.get(hit.documentKey);
    if (!known || rankOf(weighted) > rankOf(known)) best.set(hit.documentKey, weighted);
  }
  return [...best.values()].sort((a, b) => rankOf(b) - rankOf(a)).slice(0, k);
}
