/**
 * The conversation's identity state (worker/crm/identity.ts) in the object's SQLite, as one JSON
 * value beside the lifecycle state, and the step that marks the conversation verified.
 */
import { NO_IDENTITY, type IdentityRecord, type IdentityState, type VerifiedVia } from "../../worker/crm/identity";
import type { LifecycleContext } from "../../worker/lifecycle/context";
import { releaseAwaiting } from "../../worker/lifecycle/awaiting";

const KEY = "identity";

/** The stored JSON (null: none), per SQLite handle: a message's handling reads it several times, only this store writes it. */
const kept = new WeakMap<SqlStorage, string | null>();

export class IdentityStore implements IdentityRecord {
  /** Its row lives in the lifecycle table, which `LifecycleStore.createTables` makes. */
  constructor(private readonly sql: SqlStorage) {
    kept.delete(sql); // a new store (after an erase, too) reads the stored value again
  }

  private stored(): string | null {
    let value = kept.get(this.sql);
    if (value === undefined) {
      const row = this.sql.exec<{ value: string }>(`SELECT value FROM lifecycle WHERE key = ?`, KEY).toArray()[0];
      value = row?.value ?? null;
      kept.set(this.sql, value);
    }
    return value;
  }

  get(): IdentityState {
    const value = this.stored();
    if (value === null) return NO_IDENTITY;
    const stored = JSON.parse(value) as Partial<IdentityState>;
    return {
      verified: stored.verified ?? null,
      matchedContactId: stored.matchedContactId ?? null,
      givenEmail: stored.givenEmail ?? null,
    };
  }

  update(change: Partial<IdentityState>): IdentityState {
    const next = { ...this.get(), ...change };
    const json = JSON.stringify(next);
    this.sql.exec(
      `INSERT INTO lifecycle (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      KEY,
      json,
    );
    kept.set(this.sql, json);
    return next;
  }
}

/**
 * The visitor proved to be the contact (a verification link was opened, or the host site vouched
 * for them): the conversation is verified from now on, the widget is told, and a CRM question that
 * waited for this is handed to `answerAgain`. Idempotent.
 */
export function markConversationVerified(
  c: LifecycleContext,
  input: { contactId: string; email: string; via: VerifiedVia },
  answerAgain: (messageSeq: number) => void,
): void {
  const before = c.identity.get();
  if (before.verified?.contactId === input.contactId) return;
  c.identity.update({ verified: { contactId: input.contactId, email: input.email, via: input.via } });
  const waiting = releaseAwaiting(c.awaiting, "verification");
  c.emit({ type: "verified", email: input.email });
  if (waiting && c.state.has() && c.state.get().status !== "closed") answerAgain(waiting.messageSeq);
}
