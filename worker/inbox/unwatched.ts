/**
 * Which agents had no inbox open on their hub shard a moment ago, as this isolate last asked: a
 * conversation's row write tells the inbox only after asking the shard (`inboxOpen`, a round trip to
 * another object), and a busy agent's conversations would ask many times a second while nobody
 * watches. A "no" is kept for `UNWATCHED_HINT_MS` (inbox-events.ts), then asked again; an inbox that
 * opens through this isolate drops it at once, and the inbox lists again that long after its socket
 * opens, so what another isolate's conversations did meanwhile still reaches it. Only a hint, never a
 * limit: nothing is refused because of it (DECISIONS.md keeps budgets out of isolate memory).
 */
import { UNWATCHED_HINT_MS } from "../protocol/inbox-events";

const MAX_AGENTS = 256; // an isolate serves a few agents' conversations; the oldest hint goes first

/** Each agent's "no inbox open" answer, by when it was given. */
const unwatchedSince = new Map<string, number>();

/** Whether no inbox of `agentId` was open when the shard was last asked, less than UNWATCHED_HINT_MS ago. */
export function knownUnwatched(agentId: string, now = Date.now()): boolean {
  const since = unwatchedSince.get(agentId);
  if (since === undefined) return false;
  if (now >= since && now - since < UNWATCHED_HINT_MS) return true;
  unwatchedSince.delete(agentId);
  return false;
}

/** The shard said no inbox of `agentId` is open. */
export function noteUnwatched(agentId: string, now = Date.now()): void {
  unwatchedSince.delete(agentId); // re-inserted last: the oldest hint is first in line to go
  unwatchedSince.set(agentId, now);
  if (unwatchedSince.size > MAX_AGENTS) unwatchedSince.delete(unwatchedSince.keys().next().value!);
}

/** An inbox of `agentId` opens (through this isolate): its conversations ask the shard again at once. */
export function forgetUnwatched(agentId: string): void {
  unwatchedSince.delete(agentId);
}
