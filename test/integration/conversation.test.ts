import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { LoggedEvent, ServerEvent } from "../../worker/protocol/events";
import { ChatSocket, startConversation } from "./support/chat-client";
import { createTestAgent, SHOP_ANSWERS } from "./support/fixtures";

const AGENT = "shop";
const completes = (events: ServerEvent[]) => events.filter((e) => e.type === "assistant_complete");
const TRANSIENT = new Set(["ready", "ack", "error"]);
const logged = (events: ServerEvent[]) => events.filter((e): e is LoggedEvent => !TRANSIENT.has(e.type));
const stubFor = (conversationId: string) => env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId));

/** A reply long enough to stream in several pieces: the output guard holds back the last 64 characters until checked. */
const DELIVERY = {
  question: "How does delivery work?",
  answer:
    "Orders placed before two o'clock leave our warehouse the same day. Delivery takes one to three " +
    "working days, and you get a tracking link by email as soon as the parcel is on its way.",
};

// The flood below sends more messages than the default limit (20 a minute) lets through: this agent allows them.
beforeAll(() =>
  createTestAgent(AGENT, [...SHOP_ANSWERS, DELIVERY], {
    limits: { messagesPerConversation: { count: 100, minutes: 1 } },
  }),
);

describe("a conversation", () => {
  it("streams a reply token by token and completes it", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: DELIVERY.question });
    const events = await socket.waitForReplies(1);

    const deltas = events.filter((e) => e.type === "assistant_delta");
    expect(deltas.length).toBeGreaterThan(1);
    const [complete] = completes(events);
    expect(complete?.text).toBe(deltas.map((d) => d.text).join(""));
    expect(complete?.text).toBe(DELIVERY.answer);
    expect(events.find((e) => e.type === "ack")).toMatchObject({ id: "m1", duplicate: false });
    socket.close();
  });

  it("stores each answer once: a finished turn's deltas become its complete message, even for a client resuming mid-turn", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: DELIVERY.question });
    const live = await socket.waitForReplies(1);
    socket.close();
    const firstDelta = live.find((e) => e.type === "assistant_delta") as LoggedEvent;
    const stored = await stubFor(conversationId).events(0);
    expect(stored.filter((e) => e.type === "assistant_delta")).toEqual([]);
    expect(completes(stored).map((e) => e.text)).toEqual([DELIVERY.answer]);
    // A client that saw only the first delta gets the complete message, and nothing it had seen again.
    const resumed = await ChatSocket.open(conversationId, visitorToken, firstDelta.seq);
    const replayed = logged(resumed.events);
    expect(replayed.map((e) => e.type)).toContain("assistant_complete");
    expect(replayed.every((e) => e.seq > firstDelta.seq)).toBe(true);
    expect(completes(replayed)[0]?.text).toBe(DELIVERY.answer);
    resumed.close();
  });

  it("replays from a given seq with no gaps and no duplicates", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
    const first = await ChatSocket.open(conversationId, visitorToken);
    first.send({ type: "message", id: "a", text: "Do you ship to Norway?" });
    await first.waitForReplies(1);
    const all = logged(first.events);
    const from = all[Math.floor(all.length / 2)]!.seq;

    const second = await ChatSocket.open(conversationId, visitorToken, from);
    const replayed = logged(second.events);
    expect(replayed.map((e) => e.seq)).toEqual(all.filter((e) => e.seq > from).map((e) => e.seq));
    expect(replayed).toEqual(all.filter((e) => e.seq > from));
    expect(second.events.at(-1)).toEqual({ type: "ready", lastSeq: all.at(-1)!.seq });
    // seqs run 1, 2, 3, … with no gap
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    first.close();
    second.close();
  });

  it("stores and answers a repeated client id once", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "same", text: "How do I return a product?" });
    await socket.waitForReplies(1);
    socket.send({ type: "message", id: "same", text: "How do I return a product?" });
    const acks = await socket.waitFor((events) => events.filter((e) => e.type === "ack").length === 2);
    const secondAck = acks.filter((e) => e.type === "ack")[1];
    expect(secondAck).toMatchObject({ id: "same", duplicate: true });

    const log = await stubFor(conversationId).events();
    expect(log.filter((e) => e.type === "visitor_message")).toHaveLength(1);
    expect(completes(log)).toHaveLength(1);
    socket.close();
  });

  it("queues messages sent during a turn and answers them in order", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    for (const [i, { question }] of SHOP_ANSWERS.entries())
      socket.send({ type: "message", id: `q${i}`, text: question });
    const events = await socket.waitForReplies(SHOP_ANSWERS.length);

    expect(events.filter((e) => e.type === "visitor_message").map((e) => e.text)).toEqual(
      SHOP_ANSWERS.map((a) => a.question),
    );
    const replies = completes(events);
    for (const [i, reply] of replies.entries()) expect(reply.text).toContain(SHOP_ANSWERS[i]!.answer);
    // one turn at a time: every delta of a turn comes before the next turn's first delta
    const turnOrder = events.filter((e) => e.type === "assistant_delta").map((e) => e.turnId);
    expect(turnOrder.filter((id, i) => id !== turnOrder[i - 1])).toEqual(replies.map((r) => r.turnId));
    socket.close();
  });

  it("loses nothing in a flood of messages during a turn", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    const FLOOD = 25;
    for (let i = 0; i < FLOOD; i++)
      socket.send({ type: "message", id: `f${i}`, text: `${SHOP_ANSWERS[i % 4]!.question} (${i})` });
    const events = await socket.waitForReplies(FLOOD);
    expect(events.filter((e) => e.type === "visitor_message").map((e) => e.id)).toEqual(
      Array.from({ length: FLOOD }, (_, i) => `f${i}`),
    );
    expect(completes(events)).toHaveLength(FLOOD);
    expect(events.filter((e) => e.type === "turn_error")).toHaveLength(0);
    socket.close();
  });

  it("fans every event out to every socket of the conversation", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
    const a = await ChatSocket.open(conversationId, visitorToken);
    const b = await ChatSocket.open(conversationId, visitorToken);
    a.send({ type: "message", id: "fan", text: "Do you offer gift cards?" });
    await a.waitForReplies(1);
    await b.waitForReplies(1);
    const live = (s: ChatSocket) => logged(s.events).filter((e) => e.type !== "status");
    expect(live(b)).toEqual(live(a));
    expect(live(b).some((e) => e.type === "visitor_message" && e.id === "fan")).toBe(true);
    a.close();
    b.close();
  });

  it("keeps its log across a restart of the Durable Object", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "p1", text: "Do you ship to Norway?" });
    await socket.waitForReplies(1);
    const before = logged(socket.events);
    socket.close();

    await evictDurableObject(stubFor(conversationId), { webSockets: "close" });
    const after = await ChatSocket.open(conversationId, visitorToken, 0);
    // Everything but the streamed deltas, which were compacted into the complete message.
    expect(logged(after.events)).toEqual(before.filter((e) => e.type !== "assistant_delta"));
    after.send({ type: "message", id: "p2", text: "How do I return a product?" });
    await after.waitForReplies(2);
    expect(completes(after.events).at(-1)?.text).toContain("thirty days");
    after.close();
  });

  it("keeps socket auth across hibernation", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    await evictDurableObject(stubFor(conversationId), { webSockets: "hibernate" });
    socket.send({ type: "message", id: "h1", text: "What are your opening hours?" });
    await socket.waitForReplies(1);
    expect(completes(socket.events)[0]?.text).toContain("nine to five");
    socket.close();
  });
});
