/**
 * The per-conversation limit on visitor messages, kept in the object's SQLite (so hibernation or
 * a restart does not reset it) as GCRA's one number. The agent's limit is re-read at most once a
 * minute, so a flood costs no D1 read per message.
 */
import { limitSettings } from "../../worker/abuse/limits";
import { getAgent } from "../../worker/db/agents";
import { database } from "../../worker/db/client";
import { type Rate, takeRequest } from "../../worker/lib/rate-limit";

const SETTINGS_TTL_MS = 60_000; // limit edits reach open conversations within a minute

export class MessageRate {
  private rate: { value: Rate; readAt: number } | null = null;
  /** The read in flight: messages that arrive meanwhile wait for the same one, so they keep their order. */
  private reading: Promise<Rate> | null = null;

  constructor(private readonly sql: SqlStorage) {
    sql.exec("CREATE TABLE IF NOT EXISTS message_rate (id INTEGER PRIMARY KEY CHECK (id = 1), tat REAL NOT NULL)");
  }

  /** Takes one visitor message now; null when allowed, else the seconds until one will be. */
  async take(env: Pick<Env, "DB">, agentId: string): Promise<number | null> {
    const rate = await this.rateFor(env, agentId);
    const now = Date.now();
    const row = this.sql.exec<{ tat: number }>("SELECT tat FROM message_rate WHERE id = 1").toArray()[0];
    const decision = takeRequest(row?.tat ?? 0, rate, now);
    if (!decision.allowed) return decision.retryAfterSeconds;
    this.sql.exec(
      "INSERT INTO message_rate (id, tat) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET tat = excluded.tat",
      decision.tat,
    );
    return null;
  }

  private rateFor(env: Pick<Env, "DB">, agentId: string): Rate | Promise<Rate> {
    if (this.rate && Date.now() - this.rate.readAt < SETTINGS_TTL_MS) return this.rate.value;
    this.reading ??= getAgent(database(env), agentId)
      .then((agent) => {
        const value = limitSettings(agent?.settings).messagesPerConversation;
        this.rate = { value, readAt: Date.now() };
        return value;
      })
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }
}
