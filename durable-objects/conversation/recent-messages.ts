/**
 * The log's newest message events, kept in memory per SQLite handle. Every turn reads the model's view
 * of the conversation (its last messages, `turn-history.ts`), which from SQLite means a query and twenty
 * event bodies parsed a turn, the same ones turn after turn. The first read loads the newest
 * KEPT_MESSAGES; each message appended afterwards joins them, parsed once. Reads the kept events cannot
 * answer (other types, or older messages) go to SQLite as before.
 *
 * Events handed out are frozen: the same objects serve every read.
 */
import type { LoggedEvent } from "../../worker/protocol/events";
import { deepFreeze } from "../../worker/lib/frozen";

/** The events a conversation's messages are: what the model reads as history and what hand-ins look for. */
export const MESSAGE_TYPES: readonly LoggedEvent["type"][] = [
  "visitor_message",
  "assistant_complete",
  "staff_message",
  "system_message",
];

/** The model's window (twenty messages) and a few of the server's lines it does not see. */
export const KEPT_MESSAGES = 24;

/** Oldest first; `complete` when they are every message the log holds (it holds fewer than KEPT_MESSAGES). */
type Kept = { events: LoggedEvent[]; complete: boolean };

const keptByHandle = new WeakMap<SqlStorage, Kept>();
const isMessage = (type: string): boolean => (MESSAGE_TYPES as readonly string[]).includes(type);

export class RecentMessages {
  constructor(private readonly sql: SqlStorage) {}

  /** Forgets what was kept (the storage was erased, or another log took the handle). */
  forget(): void {
    keptByHandle.delete(this.sql);
  }

  /**
   * At most `limit` events of `types` with a seq before `beforeSeq`, newest first, when the kept messages
   * answer that for certain; otherwise null, and the caller reads SQLite.
   */
  latest(types: readonly LoggedEvent["type"][], beforeSeq: number, limit: number): LoggedEvent[] | null {
    if (!types.every(isMessage)) return null;
    const kept = this.load();
    const found: LoggedEvent[] = [];
    for (let i = kept.events.length - 1; i >= 0 && found.length < limit; i--) {
      const event = kept.events[i] as LoggedEvent;
      if (event.seq < beforeSeq && types.includes(event.type)) found.push(event);
    }
    // Fewer than asked for are the whole answer only when nothing older than the kept events exists.
    return found.length === limit || kept.complete ? found : null;
  }

  /** An event was appended with this body: a message joins the kept ones (once they are loaded). */
  appended(type: LoggedEvent["type"], body: string): void {
    const kept = keptByHandle.get(this.sql);
    if (!kept || !isMessage(type)) return;
    kept.events.push(deepFreeze(JSON.parse(body) as LoggedEvent));
    if (kept.events.length > KEPT_MESSAGES) {
      kept.events.shift();
      kept.complete = false;
    }
  }

  private load(): Kept {
    let kept = keptByHandle.get(this.sql);
    if (kept) return kept;
    const rows = this.sql
      .exec<{ body: string }>(
        `SELECT body FROM events WHERE type IN (${MESSAGE_TYPES.map(() => "?").join(", ")}) ORDER BY seq DESC LIMIT ?`,
        ...MESSAGE_TYPES,
        KEPT_MESSAGES,
      )
      .toArray();
    const events = rows.reverse().map((row) => deepFreeze(JSON.parse(row.body) as LoggedEvent));
    kept = { events, complete: rows.length < KEPT_MESSAGES };
    keptByHandle.set(this.sql, kept);
    return kept;
  }
}
