/**
 * The conversation's row and the model, side by side: the model is asked while the row that lists
 * the message in the inbox is still being written, but nothing of the answer is shown before that
 * write has succeeded; when it fails, the visitor sees nothing and the message stays queued for the
 * retry, which answers it once (turn-faults.test.ts has the same with the offline model).
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, inject, it, type MockInstance, vi } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { database } from "../../worker/db/client";
import { conversations } from "../../worker/db/schema";
import type { ServerEvent } from "../../worker/protocol/events";
import { actionAgent, actionChat, apiRequests, lookupOrder } from "./support/actions";
import { ChatSocket, startConversation } from "./support/chat-client";
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

describe("the conversation's row write and the model", () => {
  it("asks the model about a first message while its row is written, and shows the answer only once it is", async () => {
    const question = "Do refunds go back to my card while the row is slow to write?";
    const { conversationId, socket, hold, events } = await sendWithHeldRow("row-overlap", question);

    await modelAsked(question);
    expect(shown(await events())).toEqual([]);

    await inObject(conversationId, hold.release);
    await socket.waitForReplies(1);
    const logged = await events();
    expect(completes(logged).map((e) => e.text)).toEqual([expect.stringContaining("Refunds reach your card")]);
    expect(logged.filter((e) => e.type === "turn_error")).toEqual([]);
    const row = await database(env).select().from(conversations).where(eq(conversations.id, conversationId)).get();
    expect(row?.lastMessage).toBe(question);
    socket.close();
  });

  it("runs a tool the model calls about a later message only once its row is written, and once", async () => {
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
    await modelAsked(question);
    expect(await apiRequests("row-overlap-tool")).toEqual([]);

    await inObject(c.conversationId, hold.release);
    expect(await replied).toEqual([expect.stringContaining("shipped")]);
    expect(await apiRequests("row-overlap-tool")).toHaveLength(1);
    c.socket.close();
  });

  describe("when the row write fails after the model was asked", () => {
    let logged: MockInstance<typeof console.error>;
    beforeEach(() => {
      logged = vi.spyOn(console, "error").mockImplementation(() => {}); // the held write's failure is expected
    });
    afterEach(() => {
      expect(logged).toHaveBeenCalledWith("turn failed; the message stays queued", expect.anything());
      logged.mockRestore();
    });

    it("shows nothing, keeps the message queued, and answers it once when the retry writes the row", async () => {
      const question = "Do refunds go back to my card when the row cannot be written?";
      const { conversationId, socket, hold, events } = await sendWithHeldRow("row-overlap-fails", question);
      await modelAsked(question);

      await inObject(conversationId, hold.fail);
      await vi.waitFor(async () => {
        const failures = await runInDurableObject(conversationStub(conversationId), (_i: ConversationDO, state) =>
          state.storage.sql.exec<{ failures: number }>(`SELECT failures FROM turns`).toArray(),
        );
        expect(failures).toEqual([{ failures: 1 }]);
      });
      expect(shown(await events())).toEqual([]);
      socket.close();

      expect(await runDurableObjectAlarm(conversationStub(conversationId))).toBe(true);
      const answered = await vi.waitFor(async () => {
        const logged = await events();
        expect(completes(logged)).toHaveLength(1);
        return logged;
      });
      expect(answered.filter((e) => e.type === "turn_error")).toEqual([]);
      const row = await database(env).select().from(conversations).where(eq(conversations.id, conversationId)).get();
      expect(row?.lastMessage).toBe(question);
    });
  });
});
