/**
 * Turns that fail: a turn that stopped the object mid-answer is answered again once, and after a
 * second stop it ends with `turn_abandoned` and a person is brought in, instead of running on
 * every reconnect; a lifecycle step that throws (a D1 read) keeps its message queued for the
 * alarm's retry, and a message that fails twice is given up the same way; a turn queue table
 * from before failures were counted gains the count in place.
 */
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { EventLog } from "../../durable-objects/conversation/event-log";
import { TurnQueue } from "../../durable-objects/conversation/turn-queue";
import { database } from "../../worker/db/client";
import { conversations } from "../../worker/db/schema";
import type { LoggedEvent } from "../../worker/protocol/events";
import { ChatSocket, startConversation } from "./support/chat-client";
import { queued, turnErrors, handoffReasons, type QueuedTurn } from "./support/turn-queue";
import { failReads } from "./support/d1-faults";
import { completes, conversationStub, lifecycleAgent, loggedEvents, statuses, systemKinds } from "./support/lifecycle";

const QUESTION = "What are your opening hours?";
const RETRY_ALARM_LIMIT_MS = 60_000; // the retry is due in seconds, far sooner than any inactivity alarm

/**
 * Leaves the object as a stop mid-turn does (an eviction, a crash, a deploy): the message's turn
 * marked running with part of its answer streamed, then the object restarts. The first time it
 * also stores the message, as the socket handler does before the turn starts.
 */
async function stopMidTurn(conversationId: string, message?: { id: string; text: string }): Promise<number> {
  const stub = conversationStub(conversationId);
  const seq = await runInDurableObject(stub, (_i: ConversationDO, state) => {
    const log = new EventLog(state.storage.sql);
    let messageSeq: number;
    if (message) {
      messageSeq = log.append({ type: "visitor_message", ...message }).seq;
      log.rememberClientId(message.id, messageSeq);
      state.storage.sql.exec(`INSERT INTO turns (message_seq, state) VALUES (?, 'running')`, messageSeq);
    } else {
      messageSeq = state.storage.sql.exec<{ seq: number }>(`SELECT MIN(message_seq) AS seq FROM turns`).one().seq;
      state.storage.sql.exec(`UPDATE turns SET state = 'running' WHERE message_seq = ?`, messageSeq);
    }
    log.append({ type: "assistant_delta", turnId: `t_stopped_${log.lastSeq()}`, text: "We open at" });
    return messageSeq;
  });
  await evictDurableObject(stub);
  return seq;
}

/** Expects the message at `seq` given up: its turn ended with turn_abandoned, no answer, a person brought in, nothing queued. */
async function expectGivenUp(conversationId: string, seq: number): Promise<LoggedEvent[]> {
  // The give-up ends the turn at once; the person is brought in after the handoff's routing reads.
  const events = await vi.waitFor(async () => {
    const logged = await loggedEvents(conversationId);
    expect(systemKinds(logged.filter((e) => e.seq > seq)).some((k) => k === "handoff" || k === "no_staff")).toBe(true);
    return logged;
  });
  const after = events.filter((e) => e.seq > seq);
  expect(completes(after)).toEqual([]);
  expect(turnErrors(after).at(-1)).toMatchObject({ code: "turn_abandoned" });
  expect(statuses(after).at(-1)).toMatchObject({ status: "waiting_for_human" });
  expect(systemKinds(after).some((k) => k === "handoff" || k === "no_staff")).toBe(true);
  expect(await queued(conversationId)).toEqual([]);
  await vi.waitFor(async () => expect(await handoffReasons(conversationId)).toEqual(["turn_failed"]));
  return events;
}

describe("a turn that stops the object", () => {
  it("is answered again once, then given up with turn_abandoned and a person, not rerun on every reconnect", async () => {
    await lifecycleAgent("turn-stops", {});
    const { conversationId, visitorToken } = await startConversation("turn-stops");
    const seq = await stopMidTurn(conversationId, { id: "m1", text: QUESTION });

    // The restarted object says the answer was interrupted and counts the attempt; the retry stops the object too.
    await runInDurableObject(conversationStub(conversationId), () => undefined);
    expect(turnErrors(await loggedEvents(conversationId)).map((e) => e.code)).toEqual(["interrupted"]);
    await stopMidTurn(conversationId);

    // Reconnecting after the second stop does not run the turn a third time: it is given up.
    const socket = await ChatSocket.open(conversationId, visitorToken);
    await socket.waitFor((events) =>
      events.some((e) => e.type === "assistant_complete" || (e.type === "turn_error" && e.code === "turn_abandoned")),
    );
    const events = await expectGivenUp(conversationId, seq);
    const errors = turnErrors(events);
    expect(errors.map((e) => e.code)).toEqual(["interrupted", "turn_abandoned"]);
    const deltas = events.flatMap((e) => (e.type === "assistant_delta" ? [e.turnId] : []));
    expect(errors.map((e) => e.turnId)).toEqual(deltas); // each stopped turn is ended once, the last by the give-up
    socket.close();

    await evictDurableObject(conversationStub(conversationId));
    const again = await ChatSocket.open(conversationId, visitorToken);
    expect(await loggedEvents(conversationId)).toEqual(events);
    again.close();
  });
});

describe("a lifecycle step that throws", () => {
  let logged: MockInstance<typeof console.error>;
  beforeEach(() => {
    logged = vi.spyOn(console, "error").mockImplementation(() => {}); // the injected faults are expected
  });
  afterEach(() => {
    expect(logged).toHaveBeenCalledWith("turn failed; the message stays queued", expect.anything());
    logged.mockRestore();
  });

  /** Starts a conversation whose agent asks for the email before its first answer, its next `times` reads of the visitor failing. */
  async function withFailingReads(agentId: string, times: number) {
    await lifecycleAgent(agentId, { channels: { live_chat: { emailCapture: "before_first_answer" } } });
    const { conversationId, visitorToken } = await startConversation(agentId);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    await runInDurableObject(conversationStub(conversationId), (instance: ConversationDO) => {
      const object = instance as unknown as { env: Env }; // the test swaps the object's env
      object.env = { ...object.env, DB: failReads(env.DB, "visitors", times) };
    });
    socket.send({ type: "message", id: "m1", text: QUESTION });
    const ack = (await socket.waitFor((events) => events.some((e) => e.type === "ack"))).find((e) => e.type === "ack");
    await vi.waitFor(async () =>
      expect(await queued(conversationId)).toEqual([expect.objectContaining({ state: "pending", failures: 1 })]),
    );
    return { conversationId, socket, seq: ack?.type === "ack" ? ack.seq : 0 };
  }

  it("keeps the message queued and takes it up again when the alarm retries", async () => {
    const { conversationId, socket } = await withFailingReads("turn-step-fails", 1);
    const retryAt = await runInDurableObject(conversationStub(conversationId), (_i: ConversationDO, state) =>
      state.storage.getAlarm(),
    );
    expect(retryAt).toBeLessThan(Date.now() + RETRY_ALARM_LIMIT_MS);
    expect(systemKinds(await loggedEvents(conversationId))).not.toContain("email_request");

    expect(await runDurableObjectAlarm(conversationStub(conversationId))).toBe(true);
    await socket.waitFor((events) => systemKinds(events).includes("email_request"));
    const events = await loggedEvents(conversationId);
    expect(systemKinds(events).filter((k) => k === "email_request")).toHaveLength(1);
    expect(turnErrors(events)).toEqual([]);
    await vi.waitFor(async () => expect(await queued(conversationId)).toEqual([]));
    const row = await database(env).select().from(conversations).where(eq(conversations.id, conversationId)).get();
    expect(row?.lastMessage).toBe(QUESTION);
    socket.close();
  });

  it("gives the message up after its second failure, with turn_abandoned and a person", async () => {
    const { conversationId, socket, seq } = await withFailingReads("turn-step-keeps-failing", 2);

    expect(await runDurableObjectAlarm(conversationStub(conversationId))).toBe(true);
    await expectGivenUp(conversationId, seq);
    const row = await database(env).select().from(conversations).where(eq(conversations.id, conversationId)).get();
    expect(row).toMatchObject({ status: "waiting_for_human", handoffReason: "turn_failed" });
    socket.close();
  });
});

describe("the turn queue's storage", () => {
  it("adds the failure count to a table from before it was counted, once, counting a turn left running", async () => {
    const namespace = env.CONVERSATIONS as DurableObjectNamespace<ConversationDO>;
    const rows = await runInDurableObject(namespace.get(namespace.newUniqueId()), (_i: ConversationDO, state) => {
      const sql = state.storage.sql;
      sql.exec(`DROP TABLE turns`);
      sql.exec(`CREATE TABLE turns (message_seq INTEGER PRIMARY KEY, state TEXT NOT NULL)`);
      sql.exec(`INSERT INTO turns (message_seq, state) VALUES (7, 'running'), (9, 'pending')`);
      TurnQueue.createTables(sql);
      TurnQueue.createTables(sql); // a second run finds the columns there
      const queue = new TurnQueue(sql);
      expect(queue.recoverInterrupted()).toEqual([7]);
      return sql.exec<QueuedTurn>(`SELECT message_seq, state, failures FROM turns ORDER BY message_seq`).toArray();
    });
    expect(rows).toEqual([
      { message_seq: 7, state: "pending", failures: 1 },
      { message_seq: 9, state: "pending", failures: 0 },
    ]);
  });
});
