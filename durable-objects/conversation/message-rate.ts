/**
 * The per-conversation limit on visitor messages, kept in the object's SQLite (so hibernation or
 * a restart does not reset it) as GCRA's one number. The agent's limit is kept by the isolate for
 * a minute, shared by all its conversations: neither a flood nor the first messages of a thousand
 * conversations cost a D1 read each before they are taken.
 */
import { limitSettings } from "../../worker/abuse/limits";
import { getAgent } from "../../worker/db/agents";
import { database } from "../../worker/db/client";
import { isolateCache } from "../../worker/db/read-cache";
import { type Rate, takeRequest } from "../../worker/lib/rate-limit";

const SETTINGS_TTL_MS = 60_000; // limit edits reach open conversations within a minute (at once through this isolate's admin API)

/**
 * The conversation's one number, per SQLite handle, once read or written: only this store writes it, so
 * a message reads it from SQLite only when the object starts (a restart, a wake from hibernation).
 */
const knownTat = new WeakMap<SqlStorage, number>();

/** Each agent's message limit, as the isolate keeps it: values only (a promise is never shared between objects). */
const kept = isolateCache<Rate>(["agent"], SETTINGS_TTL_MS);

export class MessageRate {
  /** This object's read in flight: messages that arrive meanwhile wait for the same one, so they keep their order. */
  private reading: Promise<Rate> | null = null;

  static createTables(sql: SqlStorage): void {
    sql.exec("CREATE TABLE IF NOT EXISTS message_rate (id INTEGER PRIMARY KEY CHECK (id = 1), tat REAL NOT NULL)");
  }

  constructor(private readonly sql: SqlStorage) {
    knownTat.delete(sql); // a new store (after an erase, too) reads the stored value again
  }

  /** Takes one visitor message now; null when allowed, else the seconds until one will be. */
  async take(env: Pick<Env, "DB">, agentId: string): Promise<number | null> {
    const rate = await this.rateFor(env, agentId);
    const now = Date.now();
    const decision = takeRequest(this.tat(), rate, now);
    if (!decision.allowed) return decision.retryAfterSeconds;
    this.sql.exec(
      "INSERT INTO message_rate (id, tat) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET tat = excluded.tat",
      decision.tat,
    );
    knownTat.set(this.sql, decision.tat);
    return null;
  }

  private tat(): number {
    const known = knownTat.get(this.sql);
    if (known !== undefined) return known;
    const row = this.sql.exec<{ tat: number }>("SELECT tat FROM message_rate WHERE id = 1").toArray()[0];
    knownTat.set(this.sql, row?.tat ?? 0);
    return row?.tat ?? 0;
  }

  private rateFor(env: Pick<Env, "DB">, agentId: string): Rate | Promise<Rate> {
    const known = this.reading ? undefined : kept.get(agentId);
    if (known) return known;
    const began = kept.begin();
    this.reading ??= getAgent(database(env), agentId)
      .then((agent) => {
        const value = limitSettings(agent?.settings).messagesPerConversation;
        kept.set(agentId, value, began);
        return value;
      })
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }
}
