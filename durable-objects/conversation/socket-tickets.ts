/**
 * Single use of socket tickets: the nonces of tickets this conversation has accepted, kept in its
 * SQLite until the ticket would have expired anyway (then a replay fails on the expiry check in the
 * Worker), so the table holds at most a minute's worth of connects.
 */
import { SOCKET_TICKET_HEADER } from "../../worker/protocol/internal-headers";

export class UsedTickets {
  static createTables(sql: SqlStorage): void {
    sql.exec("CREATE TABLE IF NOT EXISTS used_socket_tickets (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)");
  }

  constructor(private readonly sql: SqlStorage) {}

  /** Marks the ticket used; false when it had been used before. Synchronous, so two connects cannot both win. */
  use(nonce: string, expiresAtSeconds: number, nowMs = Date.now()): boolean {
    this.sql.exec("DELETE FROM used_socket_tickets WHERE expires_at * 1000 <= ?", nowMs);
    const seen = this.sql.exec("SELECT 1 FROM used_socket_tickets WHERE nonce = ?", nonce).toArray().length > 0;
    if (seen) return false;
    this.sql.exec("INSERT INTO used_socket_tickets (nonce, expires_at) VALUES (?, ?)", nonce, expiresAtSeconds);
    return true;
  }

  /** Spends the ticket a visitor's socket request carries (checked by the Worker); false when missing or used. */
  spendFrom(request: Request): boolean {
    const [nonce, expires] = (request.headers.get(SOCKET_TICKET_HEADER) ?? "").split(".");
    return Boolean(nonce && expires) && this.use(nonce ?? "", Number(expires));
  }
}
