/**
 * The conversation's row and the answer, side by side: the row that lists a visitor's message in the
 * inbox is written once the answer's first words are out (a tool the model calls runs before it), the
 * answer streams on while it is written, and completes once the write was tried. A write that fails fails nothing: the
 * answer is given once, the change is kept in the lifecycle state, and the alarm writes it, trying
 * again later while the database still refuses it.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, inject, it, type MockInstance, vi } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { LifecycleStore } from "../../durable-objects/conversation/lifecycle-state";
import { database } from "../../worker/db/client";
import { conversations } from "../../worker/db/schema";
import type { ServerEvent } from "../../worker/protocol/events";
import { actionAgent, actionChat, apiRequests, lookupOrder } from "./support/actions";
import { ChatSocket, startConversation } from "./support/chat-client";
import { failConversationRowWrites } from "./support/d1-faults";
import { queued } from "./support/turn-queue";
import { holdRowWrite, type HeldRowWrite } from "./support/held-row-write";
import { completes, conversationStub, lifecycleAgent, loggedEvents } from "./support/lifecycle";

type RecordedRequest = { path: string; body: { messages?: { role: string; content: string }[] } };

const shown = (events: ServerEvent[]) =>
  events.filter((e) => e.type === "assistant_delta" || e.type === "assistant_complete" || e.type === "turn_error");

/** Makes the conversation's object write D1 through `db` and answer with the loopback model. */
async function useDatabase(conversationId: string, db: D1Database): Promise<void> {
  const loopback = inject("openaiLoopbackUrl");
  await runInDurableObject(conversationStub(conversationId), (instance: ConversationDO) => {
    const object = instance as unknown as { env: Env }; // the test swaps the object's env
    object.env = { ...env, DB: db, OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: `${loopback}/v1` };
  });
}

/**
 * Runs `decide` (the held write's release or failure) inside the conversation's object, whose write
 * awaits it: a promise resolved from the test's own context would resume the object's work there.
 */
const inObject = (conversationId: string, decide: () => void) =>
  runInDurableObject(conversationStub(conversationId), () => decide());

/** Resolves once the loopback model has been asked to answer `question`. */
async function modelAsked(question: string): Promise<void> {
  const loopback = inject("openaiLoopbackUrl");
  await vi.waitFor(async () => {
    const recorded = (await (await fetch(`${loopback}/__requests`)).json()) as RecordedRequest[];
    const asked = recorded.some(
      (r) => r.path.endsWith("/chat/completions") && r.body.messages?.some((m) => m.content === question),
    );
    expect(asked).toBe(true);
  });
}

/** Starts a conversation and sends `question` as its first message, with its row write held. */
async function sendWithHeldRow(agentId: string, question: string) {
  await lifecycleAgent(agentId, {});
  const { conversationId, visitorToken } = await startConversation(agentId);
  const hold: HeldRowWrite = holdRowWrite(env.DB, question);
  await useDatabase(conversationId, hold.db);
  const socket = await ChatSocket.open(conversationId, visitorToken);
  socket.send({ type: "message", id: "m1", text: question });
  await vi.waitFor(() => expect(hold.reached()).toBe(true));
  return { conversationId, socket, hold, events: () => loggedEvents(conversationId) };
}

/** The row write the conversation kept after a failure (null: none), and when its alarm is due. */
const keptRow = (conversationId: string) =>
  runInDurableObject(conversationStub(conversationId), async (_i: ConversationDO, state) => ({
    row: new LifecycleStore(state.storage.sql).get().unwrittenRow ?? null,
    alarm: await state.storage.getAlarm(),
  }));

const lastMessage = async (conversationId: string) =>
  (await database(env).select().from(conversations).where(eq(conversations.id, conversationId)).get())?.lastMessage;

describe("the conversation's row write and the answer", () => {
  it("streams the answer to a first message while its row is written, and completes it once the write is done", async () => {
    const question = "Do refunds go back to my card while the row is slow to write?";
    const { conversationId, socket, hold, events } = await sendWithHeldRow("row-overlap", question);

    await vi.waitFor(async () => expect(shown(await events()).map((e) => e.type)).toContain("assistant_delta"));
    expect(completes(await events())).toEqual([]);
    expect(await lastMessage(conversationId)).not.toBe(question);

    await inObject(conversationId, hold.release);
    await socket.waitForReplies(1);
    const logged = await events();
    expect(completes(logged).map((e) => e.text)).toEqual([expect.stringContaining("Refunds reach your card")]);
    expect(logged.filter((e) => e.type === "turn_error")).toEqual([]);
    expect(await lastMessage(conversationId)).toBe(question);
    socket.close();
  });

  it("starts the row write only once the answer's first words are logged: nothing else runs before the model answers", async () => {
    await lifecycleAgent("row-after-first-words", {});
    const { conversationId, visitorToken } = await startConversation("row-after-first-words");
    const question = "Do refunds go back to my card before the row is written?";
    let loggedAtWrite: string[] | null = null;
    let release = () => {};
    const loopback = inject("openaiLoopbackUrl");
    await runInDurableObject(conversationStub(conversationId), (instance: ConversationDO, state) => {
      const seeLog = () => {
        loggedAtWrite = state.storage.sql
          .exec<{ type: string }>("SELECT type FROM events ORDER BY seq")
          .toArray()
          .map((row) => row.type);
      };
      const hold = holdRowWrite(env.DB, question, seeLog);
      const object = instance as unknown as { env: Env };
      object.env = { ...env, DB: hold.db, OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: `${loopback}/v1` };
      release = () => hold.release();
    });
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: question });
    await vi.waitFor(() => expect(loggedAtWrite).not.toBeNull());
    expect(loggedAtWrite).toContain("visitor_message");
    expect(loggedAtWrite).toContain("assistant_delta");
    expect(loggedAtWrite).not.toContain("assistant_complete");

    await inObject(conversationId, release);
    await socket.waitForReplies(1);
    expect(await lastMessage(conversationId)).toBe(question);
    socket.close();
  });

  it("runs a tool the model calls before the message's row is written, once", async () => {
    await actionAgent("row-overlap-tool", [lookupOrder("row-overlap-tool")]);
    const c = await actionChat("row-overlap-tool", "/actions/model/v1");
    expect(await c.say("Hello!")).toEqual([expect.stringContaining("Which order")]);
    const question = "where is my order 4321?";
    const hold = holdRowWrite(env.DB, question);
    await runInDurableObject(conversationStub(c.conversationId), (instance: ConversationDO) => {
      const object = instance as unknown as { env: Env };
      object.env = { ...object.env, DB: hold.db };
    });

    const replied = c.say(question);
    await vi.waitFor(() => expect(hold.reached()).toBe(true));
    await vi.waitFor(async () => expect(await apiRequests("row-overlap-tool")).toHaveLength(1));

    await inObject(c.conversationId, hold.release);
    expect(await replied).toEqual([expect.stringContaining("shipped")]);
    expect(await apiRequests("row-overlap-tool")).toHaveLength(1);
    c.socket.close();
  });

  describe("when the row write fails", () => {
    let logged: MockInstance<typeof console.error>;
    beforeEach(() => {
      logged = vi.spyOn(console, "error").mockImplementation(() => {}); // the refused writes are expected
    });
    afterEach(() => {
      expect(logged).toHaveBeenCalledWith(
        "the conversation's row could not be written; it is kept and tried again",
        expect.anything(),
      );
      expect(logged).not.toHaveBeenCalledWith("turn failed; the message stays queued", expect.anything());
      logged.mockRestore();
    });

    it("answers once, keeps the write, and the alarm writes the row", async () => {
      const question = "Do refunds go back to my card when the row cannot be written?";
      const { conversationId, socket, hold, events } = await sendWithHeldRow("row-overlap-fails", question);
      await modelAsked(question);

      await inObject(conversationId, hold.fail);
      await socket.waitForReplies(1);
      await vi.waitFor(async () => expect(await queued(conversationId)).toEqual([])); // answered, not retried
      const kept = await keptRow(conversationId);
      expect(kept.row).toEqual({ fields: { lastMessage: question }, failures: 1 });
      expect(kept.alarm).toBeLessThanOrEqual(Date.now() + 5_000);
      expect(await lastMessage(conversationId)).not.toBe(question);
      socket.close();

      expect(await runDurableObjectAlarm(conversationStub(conversationId))).toBe(true);
      expect(await lastMessage(conversationId)).toBe(question);
      expect((await keptRow(conversationId)).row).toBeNull();
      const answered = await events();
      expect(completes(answered)).toHaveLength(1);
      expect(answered.filter((e) => e.type === "turn_error")).toEqual([]);
    });

    it("lets the next message's write carry it, and keeps nothing after that write", async () => {
      const question = "Do refunds go back to my card when the first row write fails?";
      const { conversationId, socket, hold } = await sendWithHeldRow("row-kept-carried", question);
      await inObject(conversationId, hold.fail);
      await socket.waitForReplies(1);
      expect((await keptRow(conversationId)).row?.fields).toEqual({ lastMessage: question });

      const next = "And how long does a refund take?";
      const holdNext = holdRowWrite(env.DB, next);
      await useDatabase(conversationId, holdNext.db);
      socket.send({ type: "message", id: "m2", text: next });
      await vi.waitFor(() => expect(holdNext.reached()).toBe(true));
      // The state changes while the write is on its way, as another event of the conversation may change it.
      await runInDurableObject(conversationStub(conversationId), (_i: ConversationDO, state) => {
        new LifecycleStore(state.storage.sql).update({ lastActivityAt: Date.now() + 1 });
      });
      await inObject(conversationId, holdNext.release);
      await socket.waitForReplies(2);
      expect((await keptRow(conversationId)).row).toBeNull();
      expect(await lastMessage(conversationId)).toBe(next);
      expect(await runDurableObjectAlarm(conversationStub(conversationId))).toBe(true);
      expect(await lastMessage(conversationId)).toBe(next); // the kept, older message is not written over it
      socket.close();
    });

    it("tries again later while the database refuses it, and writes it once the database takes it", async () => {
      await lifecycleAgent("row-kept-retries", {});
      const { conversationId, visitorToken } = await startConversation("row-kept-retries");
      const question = "Do refunds go back to my card while the database is down?";
      const heal = await failConversationRowWrites(conversationId, { lastMessage: question });
      const socket = await ChatSocket.open(conversationId, visitorToken);
      socket.send({ type: "message", id: "m1", text: question });
      await socket.waitForReplies(1);
      const first = await keptRow(conversationId);
      expect(first.row?.failures).toBe(1);

      expect(await runDurableObjectAlarm(conversationStub(conversationId))).toBe(true);
      const second = await keptRow(conversationId);
      expect(second.row).toEqual({ fields: { lastMessage: question }, failures: 2 });
      expect(second.alarm).toBeGreaterThan(Date.now() + 5_000); // twice as late as the first try
      expect(second.alarm).toBeLessThanOrEqual(Date.now() + 10_000);
      expect(await lastMessage(conversationId)).not.toBe(question);

      await heal();
      expect(await runDurableObjectAlarm(conversationStub(conversationId))).toBe(true);
      expect(await lastMessage(conversationId)).toBe(question);
      expect((await keptRow(conversationId)).row).toBeNull();
      expect(completes(await loggedEvents(conversationId))).toHaveLength(1);
      socket.close();
    });
  });
});
