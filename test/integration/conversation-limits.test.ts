/**
 * A conversation's length is capped (visitor messages and characters of logged events), counted by
 * running totals that stay exact through compaction, and a socket may say `hello` — which replays
 * the log — only so often. Refused messages are stored nowhere.
 */
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { MAX_LOG_BYTES, MAX_VISITOR_MESSAGES } from "../../durable-objects/conversation/message-intake";
import { EventLog } from "../../durable-objects/conversation/event-log";
import { ChatSocket, startConversation } from "./support/chat-client";
import { createTestAgent, SHOP_ANSWERS } from "./support/fixtures";
import { conversationStub } from "./support/lifecycle";

const AGENT = "limits-length";

/** Writes events straight into the conversation's log, as a long conversation would have. */
async function fill(conversationId: string, write: (log: EventLog) => void): Promise<void> {
  await runInDurableObject(conversationStub(conversationId), (_instance: ConversationDO, state) => {
    write(new EventLog(state.storage.sql));
  });
}

const visitorMessages = async (conversationId: string) =>
  (await conversationStub(conversationId).events(0)).filter((e) => e.type === "visitor_message").length;

describe("a conversation's length", () => {
  it("is capped at MAX_VISITOR_MESSAGES visitor messages; the next one is refused and not stored", async () => {
    await createTestAgent(AGENT, SHOP_ANSWERS);
    const { conversationId, visitorToken } = await startConversation(AGENT);
    await fill(conversationId, (log) => {
      for (let i = 0; i < MAX_VISITOR_MESSAGES; i++)
        log.append({ type: "visitor_message", id: `old-${i}`, text: "hi" });
    });
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "one-more", text: "Do you ship abroad?" });
    const events = await socket.waitFor((all) => all.some((e) => e.type === "error"));
    expect(events.find((e) => e.type === "error")).toMatchObject({ code: "conversation_full" });
    expect(await visitorMessages(conversationId)).toBe(MAX_VISITOR_MESSAGES);
    socket.close();
  });

  it("is capped at MAX_LOG_BYTES characters of events", async () => {
    await createTestAgent(AGENT, SHOP_ANSWERS);
    const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
    const big = "x".repeat(Math.ceil(MAX_LOG_BYTES / 4));
    await fill(conversationId, (log) => {
      for (let i = 0; i < 4; i++) log.append({ type: "system_message", kind: "closed", text: big });
    });
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "after-big", text: "Do you ship abroad?" });
    const events = await socket.waitFor((all) => all.some((e) => e.type === "error"));
    expect(events.find((e) => e.type === "error")).toMatchObject({ code: "conversation_full" });
    expect(await visitorMessages(conversationId)).toBe(0);
    socket.close();
  });

  it("is counted by totals that match the log exactly after answers are compacted", async () => {
    await createTestAgent(AGENT, SHOP_ANSWERS);
    const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "q1", text: SHOP_ANSWERS[0]!.question });
    socket.send({ type: "message", id: "q2", text: SHOP_ANSWERS[1]!.question });
    await socket.waitForReplies(2);
    socket.close();
    await runInDurableObject(conversationStub(conversationId), (_instance: ConversationDO, state) => {
      const log = new EventLog(state.storage.sql);
      const actual = state.storage.sql
        .exec<{ messages: number; bytes: number }>(
          "SELECT SUM(type = 'visitor_message') AS messages, SUM(length(body)) AS bytes FROM events",
        )
        .one();
      expect(log.totals()).toEqual({ visitorMessages: actual.messages, bytes: actual.bytes });
      expect(actual.messages).toBe(2);
    });
  });

  it("counts the streamed text a turn leaves behind when it ends without its answer, and none of a completed turn's", async () => {
    await createTestAgent(AGENT, SHOP_ANSWERS);
    const { conversationId } = await startConversation(AGENT, undefined, false);
    await runInDurableObject(conversationStub(conversationId), (_instance: ConversationDO, state) => {
      const log = new EventLog(state.storage.sql);
      const logged = () =>
        state.storage.sql
          .exec<{ messages: number; bytes: number }>(
            "SELECT SUM(type = 'visitor_message') AS messages, SUM(length(body)) AS bytes FROM events",
          )
          .one();
      log.append({ type: "visitor_message", id: "q1", text: "Do you ship abroad?" });
      log.append({ type: "assistant_delta", turnId: "t_done", text: "We ship to " });
      log.append({ type: "assistant_complete", turnId: "t_done", text: "We ship to 30 countries.", sources: [] });
      log.compactTurn("t_done");
      log.append({ type: "visitor_message", id: "q2", text: "And to Norway?" });
      log.append({ type: "assistant_delta", turnId: "t_failed", text: "Norway is " });
      log.append({ type: "assistant_delta", turnId: "t_failed", text: "one of them" });
      log.append({ type: "turn_error", turnId: "t_failed", code: "agent_failed", message: "Please try again." });
      const actual = logged();
      expect(log.totals()).toEqual({ visitorMessages: 2, bytes: actual.bytes });
      expect(new EventLog(state.storage.sql).totals()).toEqual({ visitorMessages: 2, bytes: actual.bytes }); // as stored
    });
  });
});

describe("hello frames", () => {
  it("replay at most ten times a minute per socket; more get rate_limited and no replay", async () => {
    await createTestAgent(AGENT, SHOP_ANSWERS);
    const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
    const socket = await ChatSocket.open(conversationId, visitorToken, 0, false);
    for (let i = 0; i < 12; i++) socket.send({ type: "hello", lastSeq: 0 });
    const events = await socket.waitFor(
      (all) => all.filter((e) => e.type === "ready").length + all.filter((e) => e.type === "error").length >= 12,
    );
    expect(events.filter((e) => e.type === "ready")).toHaveLength(10);
    expect(events.filter((e) => e.type === "error").map((e) => e.type === "error" && e.code)).toEqual([
      "rate_limited",
      "rate_limited",
    ]);
    socket.close();
  });
});
