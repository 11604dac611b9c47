/**
 * Isolate-level caches of what every visitor message would otherwise read from D1 (the agent's stamp, its
 * daily token limit but never the day's use, the contact property definitions, the agent's short answers,
 * the cited documents' rows), each entry used for at most `READ_TTL_MS` and then read again. A write made
 * through this isolate's admin API drops what it changed at once (`changed`), so that isolate's next
 * message sees it; a write made by another isolate (or straight in D1) is seen once the entry is older
 * than the TTL. The sources of truth stay in D1, shared by every isolate: a cache only spares re-reading
 * them for a few seconds.
 */

/** How long an isolate uses a cached read before reading it again: how stale another isolate's write may be seen. */
export const READ_TTL_MS = 3_000;

const MAX_ENTRIES = 256; // an isolate serves a few agents' conversations; the oldest entry goes first

/**
 * What a write changed: one agent's configuration, budget controls, short answers, open knowledge gaps or
 * knowledge sources and their documents (what citations show), or the shared definitions.
 */
export type ReadTopic = "agent" | "budget" | "definitions" | "short_answers" | "knowledge_gaps" | "sources";

/** Entries keyed by agent id, each kept `ttlMs` from when it was read. */
export class IsolateCache<V> {
  private readonly entries = new Map<string, { value: V; readAt: number }>();
  /** Counts the drops: a read that began before one may be stale, and is not kept. */
  private drops = 0;

  constructor(
    readonly topics: readonly ReadTopic[],
    private readonly ttlMs = READ_TTL_MS,
  ) {}

  /** The value read at most `ttlMs` before `now`, or undefined (then the caller reads it again). */
  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.readAt < this.ttlMs && now >= entry.readAt) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** What to pass to `set` for a read that begins now. */
  begin(now = Date.now()): { readAt: number; drops: number } {
    return { readAt: now, drops: this.drops };
  }

  /** Keeps `value`, read since `read` began (so a slow read is not kept longer); not when a write dropped entries meanwhile. */
  set(key: string, value: V, read: { readAt: number; drops: number }): void {
    if (read.drops !== this.drops) return;
    this.entries.delete(key); // re-inserted last: the oldest entry is first in line to go
    this.entries.set(key, { value, readAt: read.readAt });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.drops++;
    this.entries.delete(key);
  }

  clear(): void {
    this.drops++;
    this.entries.clear();
  }
}

const caches = new Set<IsolateCache<unknown>>();

/** A cache whose entries are dropped when a write changes one of `topics`. */
export function isolateCache<V>(topics: readonly ReadTopic[], ttlMs = READ_TTL_MS): IsolateCache<V> {
  const cache = new IsolateCache<V>(topics, ttlMs);
  caches.add(cache as IsolateCache<unknown>);
  return cache;
}

/**
 * A write changed `topic` for `agentId` (every agent when absent): this isolate's caches drop what
 * they kept of it, so its next message reads it fresh. Call it after the write succeeded.
 */
export function changed(topic: ReadTopic, agentId?: string): void {
  for (const cache of caches) {
    if (!cache.topics.includes(topic)) continue;
    if (agentId === undefined) cache.clear();
    else cache.delete(agentId);
  }
}
