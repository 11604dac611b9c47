/**
 * The conversation's newest messages are kept in memory (`recent-messages.ts`): a turn's history is read
 * without SQLite once they are loaded, and every read gives what SQLite holds — after appends, for
 * messages older than the kept ones, for server lines the model does not see, and after the log is
 * made anew over the same handle.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { EventLog } from "../../durable-objects/conversation/event-log";
import { KEPT_MESSAGES, MESSAGE_TYPES } from "../../durable-objects/conversation/recent-messages";
import { historyUpTo } from "../../durable-objects/conversation/turn-history";
import type { LoggedEvent } from "../../worker/protocol/events";

/** The SQLite handle with a count of the statements run through it. */
function counted(sql: SqlStorage): { sql: SqlStorage; statements: () => number } {
  let statements = 0;
  const exec = sql.exec.bind(sql) as SqlStorage["exec"];
  const wrapped = new Proxy(sql, {
    get(target, key) {
      if (key !== "exec") return Reflect.get(target, key);
      return ((query: string, ...bindings: unknown[]) => {
        statements++;
        return exec(query, ...bindings);
      }) as SqlStorage["exec"];
    },
  });
  return { sql: wrapped, statements: () => statements };
}

/** What SQLite holds: the newest `limit` events of `types` before `beforeSeq`, newest first. */
function stored(log: EventLog, types: readonly LoggedEvent["type"][], beforeSeq: number, limit: number): LoggedEvent[] {
  return log
    .after(0)
    .filter((event) => event.seq < beforeSeq && types.includes(event.type))
    .reverse()
    .slice(0, limit);
}

/** An exchange: the visitor's message, a turn's deltas and its answer, and a server line the model does not see. */
function exchange(log: EventLog, i: number): void {
  log.append({ type: "visitor_message", id: `m${i}`, text: `question ${i}` });
  log.append({ type: "assistant_delta", turnId: `t${i}`, text: "ans" });
  log.append({ type: "assistant_complete", turnId: `t${i}`, text: `answer ${i}`, sources: [] });
  if (i % 3 === 0) log.append({ type: "system_message", kind: "email_saved", text: "We will reply by email." });
}

async function inFreshConversation(test: (sql: SqlStorage) => void): Promise<void> {
  const namespace = env.CONVERSATIONS as DurableObjectNamespace<ConversationDO>;
  await runInDurableObject(namespace.get(namespace.newUniqueId()), (_instance: ConversationDO, state) =>
    test(state.storage.sql),
  );
}

describe("the conversation's recent messages in memory", () => {
  it("serve a turn's history without a SQLite read once loaded, the same history SQLite gives", async () => {
    await inFreshConversation((raw) => {
      const { sql, statements } = counted(raw);
      const log = new EventLog(sql);
      for (let i = 0; i < 40; i++) exchange(log, i);
      const asked = log.append({ type: "visitor_message", id: "last", text: "and one more?" });
      const first = historyUpTo(log, asked.seq);
      const before = statements();
      const second = historyUpTo(log, asked.seq);
      expect(statements()).toBe(before);
      expect(second).toEqual(first);
      expect(second).toEqual(historyUpTo({ latestOfTypes: (...args) => stored(log, ...args) }, asked.seq));
      expect(second.at(-1)).toEqual({ role: "user", text: "and one more?" });
    });
  });

  it("take in each message appended after they are loaded, and only messages", async () => {
    await inFreshConversation((raw) => {
      const { sql, statements } = counted(raw);
      const log = new EventLog(sql);
      exchange(log, 0);
      log.latestOfTypes([...MESSAGE_TYPES], Number.MAX_SAFE_INTEGER, 1);
      for (let i = 1; i < 30; i++) {
        exchange(log, i);
        const before = statements();
        const kept = log.latestOfTypes([...MESSAGE_TYPES], Number.MAX_SAFE_INTEGER, 5);
        expect(statements()).toBe(before);
        expect(kept).toEqual(stored(log, [...MESSAGE_TYPES], Number.MAX_SAFE_INTEGER, 5));
      }
      log.append({ type: "assistant_delta", turnId: "late", text: "not a message" });
      expect(log.latestOfTypes([...MESSAGE_TYPES], Number.MAX_SAFE_INTEGER, 1)[0]?.type).not.toBe("assistant_delta");
    });
  });

  it("give a short conversation's every message, and leave older messages and other types to SQLite", async () => {
    await inFreshConversation((raw) => {
      const { sql, statements } = counted(raw);
      const log = new EventLog(sql);
      exchange(log, 0);
      const all = log.latestOfTypes([...MESSAGE_TYPES], Number.MAX_SAFE_INTEGER, 50);
      expect(all).toEqual(stored(log, [...MESSAGE_TYPES], Number.MAX_SAFE_INTEGER, 50));
      expect(all).toHaveLength(3);
      for (let i = 1; i < KEPT_MESSAGES; i++) exchange(log, i);
      const oldest = (log.after(0)[0] as LoggedEvent).seq;
      const early = 10;
      let before = statements();
      expect(log.latestOfTypes(["visitor_message"], early, 3)).toEqual(stored(log, ["visitor_message"], early, 3));
      expect(statements()).toBeGreaterThan(before); // older than the kept messages: read from SQLite
      before = statements();
      const deltas = log.latestOfTypes(["assistant_delta"], Number.MAX_SAFE_INTEGER, 2);
      expect(deltas).toEqual(stored(log, ["assistant_delta"], Number.MAX_SAFE_INTEGER, 2));
      expect(statements()).toBeGreaterThan(before);
      expect(log.latestOfTypes(["visitor_message"], oldest + 1, 5)).toEqual([log.after(0)[0]]);
    });
  });

  it("are frozen, and are read again by a log made anew over the same handle", async () => {
    await inFreshConversation((sql) => {
      const log = new EventLog(sql);
      exchange(log, 0);
      const [answer] = log.latestOfTypes(["assistant_complete"], Number.MAX_SAFE_INTEGER, 1);
      expect(() => {
        (answer as { text: string }).text = "changed";
      }).toThrow(TypeError);
      // Another log writes straight into SQLite (as an erase's new stores, or a repair, do): the first forgets what it kept.
      const other = new EventLog(sql);
      other.append({ type: "staff_message", id: "s1", text: "Hi, Ana here.", staff: { id: "u1", name: "Ana" } });
      expect(log.latestOfTypes([...MESSAGE_TYPES], Number.MAX_SAFE_INTEGER, 1)[0]).toMatchObject({
        type: "staff_message",
        text: "Hi, Ana here.",
      });
    });
  });
});
