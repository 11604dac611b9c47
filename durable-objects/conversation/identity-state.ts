/**
 * The conversation's identity state (worker/crm/identity.ts) in the object's SQLite, as one JSON
 * value beside the lifecycle state.
 */
import { NO_IDENTITY, type IdentityRecord, type IdentityState } from "../../worker/crm/identity";

const KEY = "identity";

export class IdentityStore implements IdentityRecord {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS lifecycle (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  }

  get(): IdentityState {
    const row = this.sql.exec<{ value: string }>(`SELECT value FROM lifecycle WHERE key = ?`, KEY).toArray()[0];
    return row ? { ...NO_IDENTITY, ...(JSON.parse(row.value) as Partial<IdentityState>) } : NO_IDENTITY;
  }

  update(change: Partial<IdentityState>): IdentityState {
    const next = { ...this.get(), ...change };
    this.sql.exec(
      `INSERT INTO lifecycle (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      KEY,
      JSON.stringify(next),
    );
    return next;
  }
}
