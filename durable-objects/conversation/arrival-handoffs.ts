/**
 * Visitor messages the channel said go to a person at once (an email sender on the ignore list, a
 * thread over its reply limit): remembered in SQLite by the message's seq when it is received,
 * read when its turn comes, so the order of the turn queue is kept and a restart loses nothing.
 */
import type { HandoffReason } from "../../worker/db/schema";

/** The reasons a channel may hand a message to a person with. */
export type ArrivalHandoff = Extract<HandoffReason, "ignore_list" | "reply_limit">;

export class ArrivalHandoffs {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS arrival_handoffs (message_seq INTEGER PRIMARY KEY, reason TEXT NOT NULL)`);
  }

  mark(messageSeq: number, reason: ArrivalHandoff): void {
    this.sql.exec(`INSERT OR REPLACE INTO arrival_handoffs (message_seq, reason) VALUES (?, ?)`, messageSeq, reason);
  }

  /** The reason the message at `messageSeq` goes to a person, or null when the agent may answer it. */
  reasonFor(messageSeq: number): ArrivalHandoff | null {
    const rows = this.sql
      .exec<{ reason: string }>(`SELECT reason FROM arrival_handoffs WHERE message_seq = ?`, messageSeq)
      .toArray();
    return (rows[0]?.reason as ArrivalHandoff | undefined) ?? null;
  }
}
