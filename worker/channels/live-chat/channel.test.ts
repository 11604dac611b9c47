import { describe, expect, it } from "vitest";
import { LIVE_CHAT } from "../../protocol/channels";
import { MAX_MESSAGE_CHARS } from "../../protocol/events";
import { parseClientFrame } from "../../protocol/parse";
import { channelFor } from "..";
import { liveChat } from "./channel";

describe("the live-chat channel", () => {
  it("takes a message frame as the visitor message, keyed by the frame's id", () => {
    const frame = parseClientFrame(JSON.stringify({ type: "message", id: "m-1", text: "Where is my order?" }));
    if (!frame.ok || frame.value.type !== "message") throw new Error("the frame should parse");
    expect(liveChat.receive(frame.value)).toEqual({
      ok: true,
      message: { clientId: "m-1", text: "Where is my order?" },
    });
  });

  it("streams Markdown, takes messages as long as the protocol allows and no longer", () => {
    expect(liveChat.capabilities).toEqual({
      streaming: true,
      formatting: "markdown",
      maxMessageChars: MAX_MESSAGE_CHARS,
      maxReplyChars: null,
    });
    const frame = (chars: number) => JSON.stringify({ type: "message", id: "m", text: "a".repeat(chars) });
    expect(parseClientFrame(frame(liveChat.capabilities.maxMessageChars)).ok).toBe(true);
    expect(parseClientFrame(frame(liveChat.capabilities.maxMessageChars + 1))).toMatchObject({
      ok: false,
      code: "message_too_long",
    });
  });

  it("sends a reply as the agent wrote it: Markdown and its sources, which the panel renders", () => {
    const reply = {
      text: "See **Refunds** — [the form](https://shop.example/refund).",
      sources: [{ id: "doc:s:refunds", title: "Refunds", url: "https://shop.example/help/refunds" }],
    };
    expect(liveChat.render(reply)).toEqual(reply);
  });

  it("is the channel of live-chat conversations and of those from before channels were recorded", () => {
    expect(channelFor(LIVE_CHAT)).toBe(liveChat);
    expect(channelFor("")).toBe(liveChat);
  });
});
