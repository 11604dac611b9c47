/**
 * The turn queue: every visitor message waits here for its turn, and turns run one at a time
 * in message order. The queue is in SQLite, so a restart loses nothing: a turn that was
 * running when the object stopped is marked interrupted and run again.
 */

type TurnRow = { message_seq: number; state: "pending" | "running" };

export class TurnQueue {
  private draining: Promise<void> | null = null;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS turns (message_seq INTEGER PRIMARY KEY, state TEXT NOT NULL)`);
  }

  enqueue(messageSeq: number): void {
    this.sql.exec(`INSERT INTO turns (message_seq, state) VALUES (?, 'pending')`, messageSeq);
  }

  /** Turns left running by an earlier instance of the object; they are set back to pending. */
  recoverInterrupted(): number[] {
    const interrupted = this.sql
      .exec<TurnRow>(`SELECT message_seq, state FROM turns WHERE state = 'running' ORDER BY message_seq`)
      .toArray()
      .map((row) => row.message_seq);
    this.sql.exec(`UPDATE turns SET state = 'pending' WHERE state = 'running'`);
    return interrupted;
  }

  hasPending(): boolean {
    return this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM turns`).one().n > 0;
  }

  /**
   * Runs pending turns in order until none is left. Concurrent callers share one drain, so at
   * most one turn runs at a time; a caller may await the returned promise to keep the object busy.
   */
  drain(runTurn: (messageSeq: number) => Promise<void>): Promise<void> {
    this.draining ??= this.drainAll(runTurn).finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /** Resolves when no message is being handled (staff actions wait for it, so they apply after what was already said). */
  idle(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private async drainAll(runTurn: (messageSeq: number) => Promise<void>): Promise<void> {
    for (;;) {
      const next = this.sql
        .exec<TurnRow>(`SELECT message_seq, state FROM turns ORDER BY message_seq LIMIT 1`)
        .toArray()[0];
      if (!next) return;
      this.sql.exec(`UPDATE turns SET state = 'running' WHERE message_seq = ?`, next.message_seq);
      try {
        await runTurn(next.message_seq);
      } finally {
        this.sql.exec(`DELETE FROM turns WHERE message_seq = ?`, next.message_seq);
      }
    }
  }
}
