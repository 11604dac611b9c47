/**
 * A conversation object makes its tables once per layout (`durable-objects/conversation/tables.ts`): a woken
 * object whose tables the same code made runs none of the table statements before it answers, an object whose
 * tables an older layout made is brought up to date as it wakes, and an erase makes them again.
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { TABLES_KEY, tablesFingerprint } from "../../durable-objects/conversation/tables";
import { ChatSocket, startConversation } from "./support/chat-client";
import { createTestAgent, SHOP_ANSWERS } from "./support/fixtures";
import { conversationStub } from "./support/lifecycle";

const AGENT = "tables-agent";
const TABLE_STATEMENT = /^\s*(CREATE|ALTER|INSERT OR IGNORE INTO log_totals)\b|pragma_table_info/i;
const META_READ = /FROM meta\b/; // a new object reads who the conversation belongs to; a live one keeps it

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

/**
 * Records every statement any object of this isolate runs on its SQLite from now on, a woken one's too. Reached
 * through another object, so that the one under test is not woken before the recording starts.
 */
async function recordStatements(): Promise<string[]> {
  const statements: string[] = [];
  await runInDurableObject(conversationStub("statement-recorder"), (_instance: ConversationDO, state) => {
    const prototype = Object.getPrototypeOf(state.storage.sql) as SqlStorage;
    const exec = prototype.exec;
    prototype.exec = function (this: SqlStorage, query: string, ...bindings: unknown[]) {
      statements.push(query);
      return exec.call(this, query, ...bindings);
    } as SqlStorage["exec"];
    restore = () => {
      prototype.exec = exec;
    };
  });
  return statements;
}

/** A conversation with one answered message, its socket still open. */
async function answeredConversation(): Promise<{ conversationId: string; socket: ChatSocket }> {
  await createTestAgent(AGENT, SHOP_ANSWERS);
  const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
  const socket = await ChatSocket.open(conversationId, visitorToken);
  socket.send({ type: "message", id: "q1", text: SHOP_ANSWERS[0]!.question });
  await socket.waitForReplies(1);
  return { conversationId, socket };
}

describe("a conversation object's tables", () => {
  it("are not made again when the object wakes: its first message runs no table statement", async () => {
    const { conversationId, socket } = await answeredConversation();
    const statements = await recordStatements();
    await evictDurableObject(conversationStub(conversationId), { webSockets: "hibernate" });
    socket.send({ type: "message", id: "q2", text: SHOP_ANSWERS[1]!.question });
    await socket.waitForReplies(2);
    socket.close();
    expect(statements.some((query) => META_READ.test(query))).toBe(true); // a woken object answered
    expect(statements.filter((query) => TABLE_STATEMENT.test(query))).toEqual([]);
  });

  it("are brought up to date as the object wakes when an older layout made them", async () => {
    const { conversationId, socket } = await answeredConversation();
    await runInDurableObject(conversationStub(conversationId), (_instance: ConversationDO, state) => {
      // The turns table as objects had it before failures and outcomes were kept, made by older code.
      state.storage.sql.exec("DROP TABLE turns");
      state.storage.sql.exec("CREATE TABLE turns (message_seq INTEGER PRIMARY KEY, state TEXT NOT NULL)");
      state.storage.kv.put(TABLES_KEY, "older code");
    });
    await evictDurableObject(conversationStub(conversationId), { webSockets: "hibernate" });
    socket.send({ type: "message", id: "q2", text: SHOP_ANSWERS[1]!.question });
    await socket.waitForReplies(2);
    socket.close();
    const stored = await runInDurableObject(conversationStub(conversationId), (_instance: ConversationDO, state) => ({
      fingerprint: state.storage.kv.get(TABLES_KEY),
      columns: state.storage.sql
        .exec<{ name: string }>("SELECT name FROM pragma_table_info('turns')")
        .toArray()
        .map((c) => c.name),
    }));
    expect(stored.fingerprint).toBe(tablesFingerprint());
    expect(stored.columns).toEqual(expect.arrayContaining(["failures", "outcome"]));
  });

  it("are made again after an erase, so the erased conversation is unknown rather than broken", async () => {
    const { conversationId, socket } = await answeredConversation();
    socket.close();
    const stub = conversationStub(conversationId);
    await stub.erase();
    const after = await runInDurableObject(stub, (_instance: ConversationDO, state) => ({
      fingerprint: state.storage.kv.get(TABLES_KEY),
      events: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n,
    }));
    expect(after).toEqual({ fingerprint: tablesFingerprint(), events: 0 });
    expect(await stub.events(0)).toEqual([]);
  });
});
