/**
 * Visitor messages the channel said go to a person at once (an email sender on the ignore list, a
 * thread over its reply limit): remembered in SQLite by the message's seq when it is received,
 * read when its turn comes, so the order of the turn queue is kept and a restart loses nothing.
 */
import type { HandoffReason } from "../../worker/db/schema";

/** The reasons a channel may hand a message to a person with. */
export type ArrivalHandoff = Extract<HandoffReason, "ignore_list" | "reply_limit">;

/**
 * Per SQLite handle, whether the table is known to hold no reason: most conversations never get one, and
 * their turns then read nothing. Every store over the handle marks through it; an erase empties the table.
 */
const knownEmpty = new WeakMap<SqlStorage, boolean>();

export class ArrivalHandoffs {
  static createTables(sql: SqlStorage): void {
    sql.exec(`CREATE TABLE IF NOT EXISTS arrival_handoffs (message_seq INTEGER PRIMARY KEY, reason TEXT NOT NULL)`);
  }

  constructor(private readonly sql: SqlStorage) {
    knownEmpty.delete(sql); // a new store (after an erase, too) reads the table again
  }

  mark(messageSeq: number, reason: ArrivalHandoff): void {
    knownEmpty.set(this.sql, false);
    this.sql.exec(`INSERT OR REPLACE INTO arrival_handoffs (message_seq, reason) VALUES (?, ?)`, messageSeq, reason);
  }

  /** The reason the message at `messageSeq` goes to a person, or null when the agent may answer it. */
  reasonFor(messageSeq: number): ArrivalHandoff | null {
    if (knownEmpty.get(this.sql)) return null;
    const row = this.sql
      .exec<{ reason: string | null; stored: number }>(
        `SELECT (SELECT reason FROM arrival_handoffs WHERE message_seq = ?) AS reason,
           EXISTS (SELECT 1 FROM arrival_handoffs) AS stored`,
        messageSeq,
      )
      .one();
    if (!row.stored) knownEmpty.set(this.sql, true);
    return (row.reason as ArrivalHandoff | null) ?? null;
  }
}
