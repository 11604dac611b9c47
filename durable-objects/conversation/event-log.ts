/**
 * The conversation's event log in the Durable Object's SQLite: every event gets the next
 * per-conversation `seq`; replay reads everything after a seq, a page at a time. A finished
 * turn's streamed deltas are compacted away once its complete message is logged (it carries the
 * whole text), so a conversation stores each answer once. Also owns the small key/value metadata
 * (who the conversation belongs to) and the client-id idempotency table.
 */
import type { LoggedEvent } from "../../worker/protocol/events";
import { RecentMessages } from "./recent-messages";

/** A logged event before the log gives it its seq and time. */
export type NewEvent = LoggedEvent extends infer E ? (E extends LoggedEvent ? Omit<E, "seq" | "at"> : never) : never;

export type ConversationMeta = {
  conversationId: string;
  agentId: string;
  visitorId: string;
  channel: string;
  /** Who the conversation is with on its channel (email address, WhatsApp number, PSID, custom id); none for live chat. */
  channelAddress?: string;
  /** The channel deployment the conversation came through, whose adapter delivers its replies. */
  deploymentId?: string;
  /** The visitor's browser language (BCP 47) when the channel reported one. */
  language?: string;
  /** The Worker's public origin as the visitor reached it (or PUBLIC_URL): links sent by email point there. */
  origin?: string;
};

type EventRow = { seq: number; at: number; body: string };

/**
 * The newest seq, per SQLite handle, once read: every event appended asks for it, and only this log
 * writes events (compaction never removes the newest, a complete message). A new log over the same
 * handle (after an erase, too) reads it again.
 */
const lastSeqs = new WeakMap<SqlStorage, number>();

/**
 * The event last read by seq, per SQLite handle: a message's handling asks for its own event four times.
 * A visitor message is kept as it is appended, so its handling reads nothing.
 */
const lastRead = new WeakMap<SqlStorage, { seq: number; type: string; body: string }>();

/** The log's running totals, per SQLite handle, once read: every message's length cap asks for them. */
const knownTotals = new WeakMap<SqlStorage, { visitorMessages: number; bytes: number }>();

export class EventLog {
  private knownMeta: ConversationMeta | null = null;
  private readonly recent: RecentMessages;

  /**
   * Makes the log's tables, and brings a log from before compaction or running totals up to date. The
   * statements are written out here, not built elsewhere: `tables.ts` fingerprints this function's text.
   */
  static createTables(sql: SqlStorage): void {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL)`,
    );
    // Logs from before compaction have no turn_id column: add it in place (their old deltas just stay).
    const columns = sql.exec<{ name: string }>(`SELECT name FROM pragma_table_info('events')`).toArray();
    if (!columns.some((c) => c.name === "turn_id")) sql.exec(`ALTER TABLE events ADD COLUMN turn_id TEXT`);
    sql.exec(`CREATE INDEX IF NOT EXISTS events_turn ON events (turn_id) WHERE turn_id IS NOT NULL`);
    sql.exec(`CREATE TABLE IF NOT EXISTS client_ids (id TEXT PRIMARY KEY, seq INTEGER NOT NULL)`);
    // Running totals, so the length cap costs one row read per message, never a scan of the log.
    sql.exec(
      "CREATE TABLE IF NOT EXISTS log_totals (id INTEGER PRIMARY KEY CHECK (id = 1), " +
        "visitor_messages INTEGER NOT NULL, bytes INTEGER NOT NULL)",
    );
    // Logs from before the totals are counted once, here; an empty log has no row until its first event.
    sql.exec(
      `INSERT OR IGNORE INTO log_totals (id, visitor_messages, bytes)
       SELECT 1, SUM(type = 'visitor_message'), SUM(length(body)) FROM events HAVING COUNT(*) > 0`,
    );
    sql.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  }

  /** A log over the object's tables (made by `createTables`); a new one (after an erase, too) reads again what the last kept. */
  constructor(private readonly sql: SqlStorage) {
    lastSeqs.delete(sql);
    lastRead.delete(sql);
    knownTotals.delete(sql);
    this.recent = new RecentMessages(sql);
    this.recent.forget();
  }

  lastSeq(): number {
    const known = lastSeqs.get(this.sql);
    if (known !== undefined) return known;
    const row = this.sql.exec<{ seq: number | null }>(`SELECT MAX(seq) AS seq FROM events`).one();
    lastSeqs.set(this.sql, row.seq ?? 0);
    return row.seq ?? 0;
  }

  append(event: NewEvent, at = Date.now()): LoggedEvent {
    return this.appendFramed(event, at).event;
  }

  /** Appends `event`; also gives its JSON, which is the frame the sockets send (serialized once). */
  appendFramed(event: NewEvent, at = Date.now()): { event: LoggedEvent; frame: string } {
    const seq = this.lastSeq() + 1;
    const logged = { ...event, seq, at } as LoggedEvent;
    const body = JSON.stringify(logged);
    this.sql.exec(
      `INSERT INTO events (seq, at, type, body, turn_id) VALUES (?, ?, ?, ?, ?)`,
      seq,
      at,
      event.type,
      body,
      "turnId" in event ? event.turnId : null,
    );
    lastSeqs.set(this.sql, seq);
    this.recent.appended(event.type, body);
    if (event.type === "visitor_message") lastRead.set(this.sql, { seq, type: event.type, body });
    // A turn's streamed deltas count only once it ends without its complete message, when they stay in the log.
    if (event.type !== "assistant_delta") this.count(event.type === "visitor_message" ? 1 : 0, body.length);
    if (event.type === "turn_error") this.countTurnDeltas(event.turnId);
    return { event: logged, frame: body };
  }

  /** How many visitor messages the log holds, and how many characters of events. */
  totals(): { visitorMessages: number; bytes: number } {
    const known = knownTotals.get(this.sql);
    if (known) return known;
    const row = this.sql
      .exec<{ visitor_messages: number; bytes: number }>(`SELECT visitor_messages, bytes FROM log_totals WHERE id = 1`)
      .toArray()[0];
    const totals = { visitorMessages: row?.visitor_messages ?? 0, bytes: row?.bytes ?? 0 };
    knownTotals.set(this.sql, totals);
    return totals;
  }

  /**
   * Drops the streamed deltas of a turn whose complete message is logged. A client resuming from
   * any seq still gets every event it has not seen: the complete message comes after the deltas
   * and carries their text. The deltas were never counted in the totals.
   */
  compactTurn(turnId: string): void {
    if (lastRead.get(this.sql)?.type === "assistant_delta") lastRead.delete(this.sql); // it may be one of those removed
    this.sql.exec(`DELETE FROM events WHERE turn_id = ? AND type = 'assistant_delta'`, turnId);
  }

  /** A turn ended without its complete message (it failed, the object stopped, it was given up): its deltas stay, and count. */
  private countTurnDeltas(turnId: string): void {
    const row = this.sql
      .exec<{ bytes: number | null }>(
        `SELECT SUM(length(body)) AS bytes FROM events WHERE turn_id = ? AND type = 'assistant_delta'`,
        turnId,
      )
      .one();
    if (row.bytes) this.count(0, row.bytes);
  }

  private count(visitorMessages: number, bytes: number): void {
    this.sql.exec(
      `INSERT INTO log_totals (id, visitor_messages, bytes) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET visitor_messages = visitor_messages + excluded.visitor_messages, bytes = bytes + excluded.bytes`,
      visitorMessages,
      bytes,
    );
    const totals = knownTotals.get(this.sql);
    if (totals)
      knownTotals.set(this.sql, {
        visitorMessages: totals.visitorMessages + visitorMessages,
        bytes: totals.bytes + bytes,
      });
  }

  /** The events of one turn of the given types, oldest first: an indexed read of a few rows, never a scan of the log. */
  ofTurn(turnId: string, types: LoggedEvent["type"][]): LoggedEvent[] {
    return this.sql
      .exec<{ body: string }>(
        `SELECT body FROM events WHERE turn_id = ? AND type IN (${types.map(() => "?").join(", ")}) ORDER BY seq`,
        turnId,
        ...types,
      )
      .toArray()
      .map((row) => JSON.parse(row.body) as LoggedEvent);
  }

  /** At most `limit` events with a seq greater than `afterSeq`, oldest first (replay reads in pages). */
  page(afterSeq: number, limit: number): LoggedEvent[] {
    return this.sql
      .exec<EventRow>(`SELECT seq, at, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?`, afterSeq, limit)
      .toArray()
      .map((row) => JSON.parse(row.body) as LoggedEvent);
  }

  /** Every event with a seq greater than `afterSeq`, oldest first. */
  after(afterSeq: number): LoggedEvent[] {
    return this.sql
      .exec<EventRow>(`SELECT seq, at, body FROM events WHERE seq > ? ORDER BY seq`, afterSeq)
      .toArray()
      .map((row) => JSON.parse(row.body) as LoggedEvent);
  }

  /**
   * At most `limit` events of the given types with a seq before `beforeSeq`, newest first (not to be changed): from the
   * messages kept in memory when they answer it, else read backwards along the seq key, so the cost depends
   * on what is read, not on the length of the log.
   */
  latestOfTypes(types: readonly LoggedEvent["type"][], beforeSeq: number, limit: number): readonly LoggedEvent[] {
    const kept = this.recent.latest(types, beforeSeq, limit);
    if (kept) return kept;
    const placeholders = types.map(() => "?").join(", ");
    return this.sql
      .exec<EventRow>(
        `SELECT seq, at, body FROM events WHERE seq < ? AND type IN (${placeholders}) ORDER BY seq DESC LIMIT ?`,
        beforeSeq,
        ...types,
        limit,
      )
      .toArray()
      .map((row) => JSON.parse(row.body) as LoggedEvent);
  }

  event(seq: number): LoggedEvent | null {
    const read = lastRead.get(this.sql);
    if (read?.seq === seq) return JSON.parse(read.body) as LoggedEvent;
    const row = this.sql.exec<EventRow>(`SELECT seq, at, body FROM events WHERE seq = ?`, seq).toArray()[0];
    if (!row) return null;
    const event = JSON.parse(row.body) as LoggedEvent;
    lastRead.set(this.sql, { seq, type: event.type, body: row.body });
    return event;
  }

  /** The seq a client message id was stored under, or null when the id is new. */
  seqOfClientId(id: string): number | null {
    const row = this.sql.exec<{ seq: number }>(`SELECT seq FROM client_ids WHERE id = ?`, id).toArray()[0];
    return row?.seq ?? null;
  }

  rememberClientId(id: string, seq: number): void {
    this.sql.exec(`INSERT INTO client_ids (id, seq) VALUES (?, ?)`, id, seq);
  }

  /**
   * Who the conversation belongs to. Read on every event (the outbox needs its channel), so it is kept
   * in memory once known; it never changes after `start`, and an erase forgets it (`forgetMeta`).
   */
  meta(): ConversationMeta | null {
    this.knownMeta ??= this.readMeta();
    return this.knownMeta;
  }

  /** The storage was erased: the metadata is read again (and found missing). */
  forgetMeta(): void {
    this.knownMeta = null;
  }

  private readMeta(): ConversationMeta | null {
    const rows = this.sql.exec<{ key: string; value: string }>(`SELECT key, value FROM meta`).toArray();
    const map = new Map(rows.map((r) => [r.key, r.value]));
    const conversationId = map.get("conversationId");
    const agentId = map.get("agentId");
    const visitorId = map.get("visitorId");
    const channel = map.get("channel");
    if (!conversationId || !agentId || !visitorId || !channel) return null;
    const optional: Partial<ConversationMeta> = {};
    for (const key of ["channelAddress", "deploymentId", "language", "origin"] as const) {
      const value = map.get(key);
      if (value) optional[key] = value;
    }
    return { conversationId, agentId, visitorId, channel, ...optional };
  }

  setMeta(meta: ConversationMeta): void {
    this.knownMeta = null;
    for (const [key, value] of Object.entries(meta)) {
      if (value === undefined) continue;
      this.sql.exec(
        `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
        key,
        value,
      );
    }
  }
}
