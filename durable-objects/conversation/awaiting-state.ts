/**
 * The conversation's awaiting slot (worker/lifecycle/awaiting.ts) in the object's SQLite, as one
 * JSON value beside the lifecycle and identity states.
 */
import type { Awaiting, AwaitingSlot } from "../../worker/lifecycle/awaiting";

const KEY = "awaiting";

export class AwaitingStore implements AwaitingSlot {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS lifecycle (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  }

  get(): Awaiting | null {
    const row = this.sql.exec<{ value: string }>(`SELECT value FROM lifecycle WHERE key = ?`, KEY).toArray()[0];
    return row ? (JSON.parse(row.value) as Awaiting | null) : null;
  }

  set(awaiting: Awaiting | null): void {
    if (awaiting === null) {
      this.sql.exec(`DELETE FROM lifecycle WHERE key = ?`, KEY);
      return;
    }
    this.sql.exec(
      `INSERT INTO lifecycle (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      KEY,
      JSON.stringify(awaiting),
    );
  }
}
