/**
 * A message is answered once. The turn queue marks it answered in the same step as its answer is
 * logged, so what comes after the answer — the turn's record (its token use and facts, written once
 * the visitor has the whole answer), a handoff, a request for the email — can stop or throw without
 * the visitor getting the answer a second time: only that follow-up runs again, from the stored outcome.
 */
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { EventLog } from "../../durable-objects/conversation/event-log";
import { TurnQueue } from "../../durable-objects/conversation/turn-queue";
import { storedOutcome } from "../../durable-objects/conversation/turn-outcome";
import { database } from "../../worker/db/client";
import { turnFacts } from "../../worker/db/analytics-schema";
import { conversations } from "../../worker/db/schema";
import { ChatSocket, startConversation } from "./support/chat-client";
import { adminFetch } from "./helpers/seed";
import { queued, turnErrors, handoffReasons } from "./support/turn-queue";
import { failConversationRowWrites } from "./support/d1-faults";
import { SHOP_ANSWERS } from "./support/fixtures";
import { holdTurnRecord } from "./support/held-turn-record";
import { completes, conversationStub, hasSystem, lifecycleAgent, loggedEvents } from "./support/lifecycle";

const UNANSWERABLE = "What is the airspeed velocity of an unladen swallow?";

const factsOf = async (conversationId: string) =>
  (await database(env).select().from(turnFacts).where(eq(turnFacts.conversationId, conversationId))).length;

/**
 * An agent whose next message waits for the last turn's record: one with a daily token limit, far
 * from spent (without one the record is written in the background: turn-record-wait.test.ts).
 */
async function limitedAgent(agentId: string): Promise<void> {
  await lifecycleAgent(agentId, {});
  const controls = await adminFetch(`/agents/${agentId}/controls`, {
    method: "PUT",
    json: { enabled: true, dailyTokenLimit: 1_000_000 },
  });
  expect(controls.status).toBe(200);
}

/** Swaps the conversation object's D1 binding for one that holds back the turn's record until released. */
async function holdRecordOf(conversationId: string) {
  const hold = holdTurnRecord(env.DB);
  await runInDurableObject(conversationStub(conversationId), (instance: ConversationDO) => {
    const object = instance as unknown as { env: Env }; // the test swaps the object's env
    object.env = { ...object.env, DB: hold.db };
  });
  return hold;
}

describe("the turn's record", () => {
  it("is written after the answer is complete, and before the next message is answered under a limit", async () => {
    await limitedAgent("record-order");
    const { conversationId, visitorToken } = await startConversation("record-order");
    const hold = await holdRecordOf(conversationId);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: SHOP_ANSWERS[0]!.question });
    await vi.waitFor(() => expect(hold.reached()).toBe(true));

    await socket.waitForReplies(1); // the whole answer, while its record is held
    expect(await factsOf(conversationId)).toBe(0);
    socket.send({ type: "message", id: "m2", text: SHOP_ANSWERS[1]!.question });
    await socket.waitFor((events) => events.some((e) => e.type === "ack" && e.id === "m2"));
    expect(completes(await loggedEvents(conversationId))).toHaveLength(1); // the next turn waits for the record

    await runInDurableObject(conversationStub(conversationId), () => hold.release());
    await socket.waitForReplies(2);
    await vi.waitFor(async () => expect(await factsOf(conversationId)).toBe(2));
    socket.close();
  });

  it("is lost, not the answer repeated, when the object stops while it is written", async () => {
    await limitedAgent("record-stop"); // the message's handling waits for the record: its turn is still queued, answered
    const { conversationId, visitorToken } = await startConversation("record-stop");
    const hold = await holdRecordOf(conversationId);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: SHOP_ANSWERS[0]!.question });
    await socket.waitForReplies(1);
    expect(hold.reached()).toBe(true);
    expect(await queued(conversationId)).toEqual([expect.objectContaining({ state: "answered" })]);
    socket.close();

    // The object stops as a crash or a deploy stops it: at once, with the record's round trip under way.
    const stopped = runInDurableObject(conversationStub(conversationId), (_i: ConversationDO, state) =>
      state.abort("stopped by the test"),
    );
    await expect(stopped).rejects.toThrow();
    const again = await ChatSocket.open(conversationId, visitorToken, 0); // a restart drains what was left
    await vi.waitFor(async () => expect(await queued(conversationId)).toEqual([]));
    const events = await loggedEvents(conversationId);
    expect(completes(events)).toHaveLength(1);
    expect(turnErrors(events)).toEqual([]);

    again.send({ type: "message", id: "m2", text: SHOP_ANSWERS[1]!.question });
    await again.waitForReplies(2);
    expect(completes(await loggedEvents(conversationId))).toHaveLength(2);
    await vi.waitFor(async () => expect(await factsOf(conversationId)).toBe(1)); // the second turn's
    again.close();
  });
});

describe("an answered message's follow-up", () => {
  let logged: MockInstance<typeof console.error>;
  beforeEach(() => {
    logged = vi.spyOn(console, "error").mockImplementation(() => {}); // the injected faults are expected
  });
  afterEach(() => logged.mockRestore());

  it("runs on restart from the stored outcome, without answering again", async () => {
    await lifecycleAgent("follow-up-restart", {});
    const { conversationId, visitorToken } = await startConversation("follow-up-restart");
    // As the object stood when it stopped: the message answered, its outcome (a handoff) stored, the follow-up not run.
    await runInDurableObject(conversationStub(conversationId), (_i: ConversationDO, state) => {
      const log = new EventLog(state.storage.sql);
      const seq = log.append({ type: "visitor_message", id: "m1", text: "Can a person look at my order?" }).seq;
      log.rememberClientId("m1", seq);
      log.append({
        type: "assistant_complete",
        turnId: "t_answered",
        text: "Someone from our team will.",
        sources: [],
      });
      const outcome = storedOutcome({
        seq,
        replied: true,
        abstained: false,
        handoff: { reason: "agent_decided", detail: null },
      });
      state.storage.sql.exec(`INSERT INTO turns (message_seq, state, outcome) VALUES (?, 'answered', ?)`, seq, outcome);
    });
    await evictDurableObject(conversationStub(conversationId));

    const socket = await ChatSocket.open(conversationId, visitorToken);
    await socket.waitFor(hasSystem("no_staff"));
    await vi.waitFor(async () => expect(await queued(conversationId)).toEqual([]));
    const events = await loggedEvents(conversationId);
    expect(completes(events)).toHaveLength(1);
    expect(turnErrors(events)).toEqual([]);
    await vi.waitFor(async () => expect(await handoffReasons(conversationId)).toEqual(["agent_decided"]));
    socket.close();
  });

  it("that throws is tried again by the alarm, without the answer", async () => {
    // While waiting for a person the agent keeps answering: a message run again would be answered again.
    await lifecycleAgent("follow-up-throws", { handoff: { afterAbstentions: 1, mode: "keep_answering" } });
    const { conversationId, visitorToken } = await startConversation("follow-up-throws");
    const heal = await failConversationRowWrites(conversationId, { status: "waiting_for_human" });
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: UNANSWERABLE });
    await socket.waitForReplies(1);
    await vi.waitFor(async () =>
      expect(await queued(conversationId)).toEqual([expect.objectContaining({ state: "answered", failures: 1 })]),
    );
    expect(logged).toHaveBeenCalledWith("turn failed; the message stays queued", expect.anything());

    await heal();
    expect(await runDurableObjectAlarm(conversationStub(conversationId))).toBe(true);
    expect(await queued(conversationId)).toEqual([]);
    const events = await loggedEvents(conversationId);
    expect(completes(events)).toHaveLength(1);
    expect(turnErrors(events)).toEqual([]);
    const row = await database(env).select().from(conversations).where(eq(conversations.id, conversationId)).get();
    expect(row).toMatchObject({ status: "waiting_for_human", handoffReason: "missing_knowledge" });
    socket.close();
  });
});

describe("the turn queue", () => {
  it("counts a stop in an answered message's follow-up, and drops the follow-up, not the answer, after the last", async () => {
    const namespace = env.CONVERSATIONS as DurableObjectNamespace<ConversationDO>;
    const dropped = vi.spyOn(console, "error").mockImplementation(() => {});
    await runInDurableObject(namespace.get(namespace.newUniqueId()), async (_i: ConversationDO, state) => {
      const sql = state.storage.sql;
      const outcome = storedOutcome({ seq: 3, replied: true, abstained: false });
      sql.exec(`INSERT INTO turns (message_seq, state, failures, outcome) VALUES (3, 'answered', 1, ?)`, outcome);
      sql.exec(`INSERT INTO turns (message_seq, state) VALUES (5, 'running')`);
      const queue = new TurnQueue(sql);
      expect(queue.recoverInterrupted()).toEqual([5]); // answered again: 5 only
      const calls: string[] = [];
      await queue.drain({
        run: async (seq) => {
          calls.push(`run ${seq}`);
        },
        retryLater: async () => {
          calls.push("retry");
        },
        giveUp: async (seq) => {
          calls.push(`give up ${seq}`);
        },
        followUp: async (stored) => {
          calls.push(`follow up ${stored}`);
        },
      });
      expect(calls).toEqual(["run 5"]);
      expect(sql.exec(`SELECT * FROM turns`).toArray()).toEqual([]);
    });
    expect(dropped).toHaveBeenCalledWith("a message's follow-up failed too often; it is dropped");
    dropped.mockRestore();
  });
});
