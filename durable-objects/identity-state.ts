/**
 * Who the conversation has shown the visitor to be, kept beside the lifecycle state: the
 * contact it verified (by a verification link, host-site identity or a still-valid earlier
 * verification), the contact an email matched, the email the visitor gave when the agent asked,
 * the CRM request waiting on the visitor, and a change the visitor has yet to confirm.
 */
import type { ProtectionLevel } from "../worker/crm/access-settings";
import type { PropertyValue } from "../worker/db/crm-schema";

export type VerifiedVia = "link" | "host_identity" | "returning_visitor";

/** A CRM request the agent could not serve yet: it waits for the visitor's email or for the link to be opened. */
export type WaitingRequest = { kind: "email" | "verification"; messageSeq: number; level: Exclude<ProtectionLevel, "none"> };

/** A change the agent proposed; the server writes it only after the visitor says yes. */
export type PendingChange = { contactId: string; property: string; label: string; value: PropertyValue };

export type IdentityState = {
  verified: { contactId: string; email: string; via: VerifiedVia } | null;
  /** The contact whose address the visitor typed and which matched their verified link (match_email). */
  matchedContactId: string | null;
  /** The address the visitor gave when the agent asked for it. */
  givenEmail: string | null;
  waiting: WaitingRequest | null;
  pendingChange: PendingChange | null;
};

const KEY = "identity";
const EMPTY: IdentityState = { verified: null, matchedContactId: null, givenEmail: null, waiting: null, pendingChange: null };

export class IdentityStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS lifecycle (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  }

  get(): IdentityState {
    const row = this.sql.exec<{ value: string }>(`SELECT value FROM lifecycle WHERE key = ?`, KEY).toArray()[0];
    return row ? { ...EMPTY, ...(JSON.parse(row.value) as Partial<IdentityState>) } : EMPTY;
  }

  update(change: Partial<IdentityState>): IdentityState {
    const next = { ...this.get(), ...change };
    this.sql.exec(`INSERT INTO lifecycle (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, KEY, JSON.stringify(next));
    return next;
  }
}
