import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_FRAME_BYTES } from "../../worker/protocol/events";
import { ChatSocket, startConversation } from "./support/chat-client";
import { createTestAgent, SHOP_ANSWERS } from "./support/fixtures";

const AGENT = "bad-input";
const stubFor = (conversationId: string) => env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId));

beforeAll(() => createTestAgent(AGENT, SHOP_ANSWERS));

describe("bad frames", () => {
  const cases: [string, string | object, string][] = [
    ["malformed JSON", '{"type":"message",', "bad_json"],
    ["a JSON array", "[]", "invalid_frame"],
    ["an unknown event type", { type: "shout", text: "hi" }, "unknown_type"],
    ["a frame over 16 KB", { type: "message", id: "big", text: "x".repeat(MAX_FRAME_BYTES + 10) }, "frame_too_large"],
    ["an empty message", { type: "message", id: "empty", text: "" }, "message_empty"],
    ["a 10,000-character message", { type: "message", id: "long", text: "y".repeat(10_000) }, "message_too_long"],
    ["a message without id", { type: "message", text: "hi" }, "invalid_frame"],
    ["hello with a bad seq", { type: "hello", lastSeq: "zero" }, "invalid_frame"],
  ];

  it.each(cases)("refuses %s with a clear error and keeps the conversation intact", async (_name, frame, code) => {
    const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "before", text: "Do you ship to Norway?" });
    await socket.waitForReplies(1);
    const before = await stubFor(conversationId).events();

    socket.send(frame);
    const [error] = (await socket.waitFor((events) => events.some((e) => e.type === "error"))).filter(
      (e) => e.type === "error",
    );
    expect(error).toMatchObject({ type: "error", code });
    expect(error && "message" in error && error.message.length).toBeGreaterThan(0);
    expect(await stubFor(conversationId).events()).toEqual(before);

    socket.send({ type: "message", id: "after", text: "Do you offer gift cards?" });
    await socket.waitForReplies(2);
    const after = await stubFor(conversationId).events();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.filter((e) => e.type === "assistant_complete")).toHaveLength(2);
    socket.close();
  });
});
