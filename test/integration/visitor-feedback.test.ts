/**
 * The visitor's feedback on the socket: thumbs on an answer (logged, so every socket and the inbox
 * see it; the latest vote counts; a vote changes at most four times), a 1–5 rating once the
 * conversation has closed, given once. Bad feedback gets a clear error and changes nothing.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { MAX_VOTES_PER_ANSWER } from "../../durable-objects/conversation/feedback";
import { LifecycleStore } from "../../durable-objects/conversation/lifecycle-state";
import { answerFeedback } from "../../worker/db/analytics-schema";
import { database } from "../../worker/db/client";
import { conversations } from "../../worker/db/schema";
import type { ServerEvent } from "../../worker/protocol/events";
import { ChatSocket, startConversation } from "./support/chat-client";
import { completes, conversationStub, lifecycleAgent, loggedEvents } from "./support/lifecycle";
import { StaffSocket } from "./support/staff-socket";

const errorCodes = (events: ServerEvent[]) => events.flatMap((e) => (e.type === "error" ? [e.code] : []));
const hasError =
  (code: string, count = 1) =>
  (events: ServerEvent[]) =>
    errorCodes(events).filter((c) => c === code).length >= count;

async function answered(agentId: string) {
  await lifecycleAgent(agentId, { channels: { live_chat: { inactivityMinutes: 5 } } });
  const started = await startConversation(agentId);
  const socket = await ChatSocket.open(started.conversationId, started.visitorToken);
  socket.send({ type: "message", id: "m1", text: "What are your opening hours?" });
  await socket.waitForReplies(1);
  return { ...started, socket, turnId: completes(socket.events)[0]?.turnId as string };
}

const storedVote = async (conversationId: string) =>
  (await database(env).select().from(answerFeedback).where(eq(answerFeedback.conversationId, conversationId)))[0]
    ?.value;

describe("thumbs on an answer", () => {
  it("are logged for every socket and stored; the latest vote counts, up to four changes", async () => {
    const { conversationId, visitorToken, socket, turnId } = await answered("votes");
    const staff = await StaffSocket.open(conversationId, { id: "votes-ada", name: "Ada" });
    socket.send({ type: "feedback", turnId, value: "down" });
    await staff.waitFor((events) => events.some((e) => e.type === "feedback" && e.value === "down"));
    expect(await storedVote(conversationId)).toBe(-1);

    socket.send({ type: "feedback", turnId, value: "down" }); // the same vote again changes nothing
    for (const value of ["up", "down", "up"] as const) socket.send({ type: "feedback", turnId, value });
    await socket.waitFor((events) => events.filter((e) => e.type === "feedback").length === MAX_VOTES_PER_ANSWER);
    socket.send({ type: "feedback", turnId, value: "down" });
    await socket.waitFor(hasError("vote_refused"));
    expect(await storedVote(conversationId)).toBe(1);

    // A second tab replays the votes with the conversation.
    const again = await ChatSocket.open(conversationId, visitorToken);
    expect(again.events.filter((e) => e.type === "feedback").map((e) => (e as { value: string }).value)).toEqual([
      "down",
      "up",
      "down",
      "up",
    ]);
  });

  it("refuse unknown answers, staff votes and malformed frames, changing nothing", async () => {
    const { conversationId, socket } = await answered("votes-bad");
    const before = await loggedEvents(conversationId);
    socket.send({ type: "feedback", turnId: "t_nothere", value: "up" });
    await socket.waitFor(hasError("vote_refused"));
    socket.send({ type: "feedback", turnId: "x".repeat(33), value: "up" });
    socket.send({ type: "feedback", turnId: "t", value: "meh" });
    socket.send({ type: "rating", value: 6 });
    socket.send({ type: "rating", value: 2.5 });
    await socket.waitFor(hasError("invalid_frame", 4));
    const staff = await StaffSocket.open(conversationId, { id: "votes-bob", name: "Bob" });
    staff.send({ type: "feedback", turnId: completes(socket.events)[0]?.turnId, value: "down" });
    await staff.waitFor(hasError("invalid_frame"));
    expect(await loggedEvents(conversationId)).toEqual(before);
    expect(await storedVote(conversationId)).toBeUndefined();
  });
});

describe("the end-of-chat rating", () => {
  it("is taken once, after the conversation has closed, and stored on the conversation", async () => {
    const { conversationId, socket } = await answered("rating");
    socket.send({ type: "rating", value: 4 });
    await socket.waitFor(hasError("rating_refused"));

    const stub = conversationStub(conversationId);
    await runInDurableObject(stub, async (_i: ConversationDO, state) => {
      new LifecycleStore(state.storage.sql).update({ lastActivityAt: Date.now() - 6 * 60_000 });
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await socket.waitFor((events) => events.some((e) => e.type === "status" && e.status === "closed"));
    socket.send({ type: "rating", value: 4 });
    await socket.waitFor((events) => events.some((e) => e.type === "rating" && e.value === 4));
    socket.send({ type: "rating", value: 1 });
    await socket.waitFor(hasError("rating_refused", 2));
    const row = await database(env).select().from(conversations).where(eq(conversations.id, conversationId)).get();
    expect(row).toMatchObject({ rating: 4, outcome: "resolved" });
  });
});
