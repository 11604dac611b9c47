/**
 * The turn queue: every visitor message waits here for its turn, and turns run one at a time
 * in message order. The queue is in SQLite, so a restart loses nothing: a turn that was
 * running when the object stopped is marked interrupted and run again. Failed attempts are
 * counted per message (a stop mid-turn or a thrown error): a message stays queued for another
 * attempt until it has failed MAX_FAILED_ATTEMPTS times, then it is given up.
 *
 * A message is marked answered in the same step as the answer is logged, with what its answer came
 * to: from then on it is never answered again. A stop or a throw in what follows the answer (a
 * handoff, a request for the email) runs only that follow-up again, from the stored outcome.
 */

/** A message whose turn failed this often is given up: a turn that crashes the object would otherwise run again on every restart. */
export const MAX_FAILED_ATTEMPTS = 2;

type TurnRow = { message_seq: number; state: string; failures: number; outcome: string | null };

/** What the queue does with its messages. */
export type TurnHandlers = {
  /** Handles the message; a throw counts as a failed attempt and keeps the message queued. */
  run: (messageSeq: number) => Promise<void>;
  /** An attempt failed and the message waits for another: arrange for a later drain (the queue stops until then, keeping order). */
  retryLater: () => Promise<void>;
  /** The message failed too often and has left the queue: tell the visitor. */
  giveUp: (messageSeq: number) => Promise<void>;
  /** The message was answered by an earlier attempt, whose follow-up stopped or threw: run the follow-up of `outcome`. */
  followUp: (outcome: string) => Promise<void>;
};

export class TurnQueue {
  private draining: Promise<void> | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /** Makes the queue's table, and adds the columns a table from before failures or outcomes were kept lacks. */
  static createTables(sql: SqlStorage): void {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS turns (message_seq INTEGER PRIMARY KEY, state TEXT NOT NULL, ` +
        `failures INTEGER NOT NULL DEFAULT 0, outcome TEXT)`,
    );
    // Objects created before failures were counted, or before answers were marked, have the table without the column.
    const columns = new Set(
      sql
        .exec<{ name: string }>(`SELECT name FROM pragma_table_info('turns')`)
        .toArray()
        .map((c) => c.name),
    );
    if (!columns.has("failures")) sql.exec(`ALTER TABLE turns ADD COLUMN failures INTEGER NOT NULL DEFAULT 0`);
    if (!columns.has("outcome")) sql.exec(`ALTER TABLE turns ADD COLUMN outcome TEXT`);
  }

  /** Queues a message's turn; a message already waiting keeps its place (a hand-in may queue a message again). */
  enqueue(messageSeq: number): void {
    this.sql.exec(`INSERT OR IGNORE INTO turns (message_seq, state) VALUES (?, 'pending')`, messageSeq);
  }

  /**
   * The message being handled has its answer (it is logged in this same step): `outcome` is what
   * the answer came to, for its follow-up. The message is not answered again after this.
   */
  markAnswered(outcome: string): void {
    this.sql.exec(`UPDATE turns SET state = 'answered', outcome = ? WHERE state = 'running'`, outcome);
  }

  /**
   * Turns left running by an earlier instance of the object: each counts as a failed attempt and
   * is set back to pending; an answered one stays answered (its follow-up runs again), counted too.
   * Returns the messages that will be answered again (the others are given up by the next drain).
   */
  recoverInterrupted(): number[] {
    const interrupted = this.sql
      .exec<TurnRow>(
        `UPDATE turns SET state = iif(state = 'answered', 'answered', 'pending'), failures = failures + 1 ` +
          `WHERE state IN ('running', 'answered') RETURNING message_seq, state, failures`,
      )
      .toArray();
    return interrupted
      .filter((row) => row.state === "pending" && row.failures < MAX_FAILED_ATTEMPTS)
      .map((row) => row.message_seq)
      .sort((a, b) => a - b);
  }

  hasPending(): boolean {
    return this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM turns`).one().n > 0;
  }

  /**
   * Runs pending turns in order until none is left, or until one fails and waits for a retry.
   * Concurrent callers share one drain, so at most one turn runs at a time; a caller may await
   * the returned promise to keep the object busy.
   */
  drain(handlers: TurnHandlers): Promise<void> {
    this.draining ??= this.drainAll(handlers).finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /** Resolves when no message is being handled (staff actions wait for it, so they apply after what was already said). */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private async drainAll(handlers: TurnHandlers): Promise<void> {
    for (;;) {
      // The first message in line, taken up in the same statement: set running, unless it was answered already.
      const next = this.sql
        .exec<TurnRow>(
          `UPDATE turns SET state = iif(state = 'answered', 'answered', 'running') ` +
            `WHERE message_seq = (SELECT MIN(message_seq) FROM turns) RETURNING message_seq, state, failures, outcome`,
        )
        .toArray()[0];
      if (!next) return;
      const seq = next.message_seq;
      if (next.failures >= MAX_FAILED_ATTEMPTS) {
        this.sql.exec(`DELETE FROM turns WHERE message_seq = ?`, seq);
        // An answered message keeps its answer; only its follow-up is dropped.
        if (next.state === "answered") console.error("a message's follow-up failed too often; it is dropped");
        else await handlers.giveUp(seq).catch((error: unknown) => console.error("giving up a message failed", error));
        continue;
      }
      const answered = next.state === "answered" && next.outcome !== null;
      try {
        await (answered ? handlers.followUp(next.outcome!) : handlers.run(seq));
      } catch (error) {
        console.error("turn failed; the message stays queued", error);
        const row = this.sql
          .exec<{ failures: number }>(
            `UPDATE turns SET state = iif(state = 'answered', 'answered', 'pending'), failures = failures + 1 ` +
              `WHERE message_seq = ? RETURNING failures`,
            seq,
          )
          .toArray()[0];
        if (!row || row.failures >= MAX_FAILED_ATTEMPTS) continue; // gone (erased), or given up on the next pass at once
        await handlers.retryLater();
        return;
      }
      this.sql.exec(`DELETE FROM turns WHERE message_seq = ?`, seq);
    }
  }
}
