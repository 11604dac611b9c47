/**
 * Faults injected into the test D1 database, as an outage would look from the code writing it:
 * a trigger refuses updates of one conversation's row that match a rule (its new status, its
 * last message) until the fault is healed. The rules are rows of a test-only table, so the
 * trigger's SQL is fixed and every value is bound.
 */
import { env } from "cloudflare:workers";

/** The message of the refused write's error (the trigger below raises it). */
export const INJECTED_FAULT = "injected D1 fault";

const SETUP = [
  `CREATE TABLE IF NOT EXISTS test_row_faults (conversation_id TEXT PRIMARY KEY, status TEXT, last_message TEXT)`,
  `CREATE TRIGGER IF NOT EXISTS test_row_faults_refuse BEFORE UPDATE ON conversations
     WHEN EXISTS (SELECT 1 FROM test_row_faults f WHERE f.conversation_id = NEW.id
       AND (f.status IS NULL OR f.status = NEW.status)
       AND (f.last_message IS NULL OR f.last_message = NEW.last_message))
     BEGIN SELECT RAISE(ABORT, 'injected D1 fault'); END`,
];

/** Makes updates of the conversation's D1 row fail when they match `rule`; resolves with a function that heals it. */
export async function failConversationRowWrites(
  conversationId: string,
  rule: { status?: string; lastMessage?: string },
): Promise<() => Promise<void>> {
  for (const statement of SETUP) await env.DB.prepare(statement).run();
  await env.DB.prepare(`INSERT INTO test_row_faults (conversation_id, status, last_message) VALUES (?, ?, ?)`)
    .bind(conversationId, rule.status ?? null, rule.lastMessage ?? null)
    .run();
  return async () => {
    await env.DB.prepare(`DELETE FROM test_row_faults WHERE conversation_id = ?`).bind(conversationId).run();
  };
}

/**
 * A D1 binding on which the next `times` statements reading `table` fail, as an outage would look from the code
 * reading it; every other statement, and every later one, passes straight through.
 */
export function failReads(db: D1Database, table: string, times: number): D1Database {
  let left = times;
  const reads = new RegExp(`\\bfrom\\s+"?${table}"?\\s`, "i");
  const failing = (statement: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, key) {
        if (key === "bind") return (...values: unknown[]) => failing(target.bind(...values));
        if (["first", "all", "raw", "run"].includes(String(key)) && left > 0)
          return async () => {
            left--;
            throw new Error(INJECTED_FAULT);
          };
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(db, {
    get(target, key) {
      if (key === "prepare")
        return (query: string) => (reads.test(`${query} `) ? failing(target.prepare(query)) : target.prepare(query));
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
