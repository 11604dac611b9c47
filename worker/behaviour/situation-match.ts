/**
 * Recognising what a visitor's message is about, offline and before any model: by the admin's
 * keywords (whole words or phrases, any case) or by closeness to a description in the offline
 * embedder's space. Topics to avoid and scripts for recurring situations both match this way.
 */
import { embedOffline } from "../knowledge/engine/embedder";
import { isStopword } from "../knowledge/text";
import { matchTriggerPhrase } from "../handoff/person-request";

/** Cosine above which a message is about a description (hashed features: same words, other forms). */
export const DESCRIPTION_SIMILARITY = 0.45;

/** Something a message can be about: a name, the words that give it away, and a description. */
export type Situation = { name: string; keywords: readonly string[]; description: string };

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/** The first item whose keywords the message contains, else the first whose description it is close to, else null. */
export function matchSituation<T>(message: string, items: readonly T[], situation: (item: T) => Situation): T | null {
  if (items.length === 0) return null;
  for (const item of items) if (matchTriggerPhrase(message, situation(item).keywords)) return item;
  const vector = embedOffline(message, isStopword);
  for (const item of items) {
    const { name, description } = situation(item);
    if (description && cosine(vector, embedOffline(`${name} ${description}`, isStopword)) >= DESCRIPTION_SIMILARITY)
      return item;
  }
  return null;
}
