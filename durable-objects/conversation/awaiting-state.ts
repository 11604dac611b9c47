/**
 * The conversation's awaiting slot (worker/lifecycle/awaiting.ts) in the object's SQLite, as one
 * JSON value beside the lifecycle and identity states.
 */
import type { Awaiting, AwaitingSlot } from "../../worker/lifecycle/awaiting";

const KEY = "awaiting";

/** The stored JSON (null: none), per SQLite handle: a message's handling asks for it several times, only this store writes it. */
const kept = new WeakMap<SqlStorage, string | null>();

export class AwaitingStore implements AwaitingSlot {
  /** Its row lives in the lifecycle table, which `LifecycleStore.createTables` makes. */
  constructor(private readonly sql: SqlStorage) {
    kept.delete(sql); // a new store (after an erase, too) reads the stored value again
  }

  get(): Awaiting | null {
    let value = kept.get(this.sql);
    if (value === undefined) {
      const row = this.sql.exec<{ value: string }>(`SELECT value FROM lifecycle WHERE key = ?`, KEY).toArray()[0];
      value = row?.value ?? null;
      kept.set(this.sql, value);
    }
    return value === null ? null : (JSON.parse(value) as Awaiting | null);
  }

  set(awaiting: Awaiting | null): void {
    if (awaiting === null) {
      this.sql.exec(`DELETE FROM lifecycle WHERE key = ?`, KEY);
      kept.set(this.sql, null);
      return;
    }
    const json = JSON.stringify(awaiting);
    this.sql.exec(
      `INSERT INTO lifecycle (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      KEY,
      json,
    );
    kept.set(this.sql, json);
  }
}
