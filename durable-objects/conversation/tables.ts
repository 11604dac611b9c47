/**
 * The conversation object's tables. Each store makes its own and brings an older layout of them up to
 * date (`createTables`); the object runs those statements once per layout, not on every wake. It keeps,
 * in its storage's key/value, the fingerprint of the code that made its tables — the text of every
 * store's `createTables` — and runs them again only when that code changed (a deployment that adds a
 * table or a column) or the storage was erased (`deleteAll` removes the fingerprint with the rows).
 * A woken object used to run 16 statements before its first message, among them a scan of its whole
 * log (the totals of logs from before they were counted).
 */
import { ArrivalHandoffs } from "./arrival-handoffs";
import { EventLog } from "./event-log";
import { LifecycleStore } from "./lifecycle-state";
import { MessageRate } from "./message-rate";
import { UsedTickets } from "./socket-tickets";
import { TurnQueue } from "./turn-queue";

const STORES: readonly { createTables(sql: SqlStorage): void }[] = [
  EventLog,
  TurnQueue,
  LifecycleStore, // its table also holds the identity and awaiting rows (identity-state.ts, awaiting-state.ts)
  MessageRate,
  UsedTickets,
  ArrivalHandoffs,
];

/** The key/value entry that holds the fingerprint of the code that made the object's tables. */
export const TABLES_KEY = "conversation_tables";

let fingerprint: string | undefined;

/** FNV-1a over the text of every store's `createTables`: it changes whenever one of their statements does. */
export function tablesFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  let hash = 0x811c9dc5;
  const text = STORES.map((store) => String(store.createTables)).join("\n");
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  fingerprint = `${STORES.length}:${(hash >>> 0).toString(16)}`;
  return fingerprint;
}

/** Makes the object's tables, or brings them up to date, unless this code already did. */
export function ensureConversationTables(storage: DurableObjectStorage): void {
  const current = tablesFingerprint();
  if (storage.kv.get(TABLES_KEY) === current) return;
  for (const store of STORES) store.createTables(storage.sql);
  storage.kv.put(TABLES_KEY, current);
}
