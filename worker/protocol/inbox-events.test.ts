/** The inbox's live frames and list entries: checked before use, anything else dropped. */
import { describe, expect, it } from "vitest";
import { MAX_FRAME_BYTES } from "./events";
import { type ConversationSummary, parseConversationSummary, parseInboxEvent } from "./inbox-events";

const summary: ConversationSummary = {
  id: "c1",
  agentId: "demo",
  status: "waiting_for_human",
  assignedStaffId: null,
  assignedStaffName: null,
  handoffReason: "visitor_asked",
  contactEmail: null,
  emailVerified: false,
  lastMessage: "Can I talk to a human?",
  channel: "email",
  channelAddress: "ann@example.com",
  leadLabel: null,
  updatedAt: 2,
  createdAt: 1,
};

describe("inbox events", () => {
  it("accepts a conversation event and keeps only the summary's known fields", () => {
    const raw = JSON.stringify({ type: "conversation", conversation: { ...summary, extra: "<b>" } });
    expect(parseInboxEvent(raw)).toEqual({ type: "conversation", conversation: summary });
  });

  it("drops a summary without its channel, or with an address that is not text", () => {
    const { channel: _, ...unsaid } = summary;
    expect(parseConversationSummary(unsaid)).toBeNull();
    expect(parseConversationSummary({ ...summary, channelAddress: 5 })).toBeNull();
    expect(parseConversationSummary({ ...summary, channel: "live_chat", channelAddress: null })).not.toBeNull();
  });

  it("drops a summary that does not say whether the contact's email is verified", () => {
    const { emailVerified: _, ...unsaid } = summary;
    expect(parseConversationSummary(unsaid)).toBeNull();
    expect(parseConversationSummary({ ...summary, emailVerified: "yes" })).toBeNull();
  });

  it("takes a known lead label, no label when the field is absent, and drops any other value", () => {
    expect(parseConversationSummary({ ...summary, leadLabel: "qualified" })?.leadLabel).toBe("qualified");
    const { leadLabel: _, ...older } = summary;
    expect(parseConversationSummary(older)?.leadLabel).toBeNull();
    expect(parseConversationSummary({ ...summary, leadLabel: "hot" })).toBeNull();
    expect(parseConversationSummary({ ...summary, leadLabel: 1 })).toBeNull();
  });

  it("accepts the id of an erased conversation, and nothing else with that type", () => {
    expect(parseInboxEvent(JSON.stringify({ type: "conversation_removed", id: "c_1" }))).toEqual({
      type: "conversation_removed",
      id: "c_1",
    });
    expect(parseInboxEvent(JSON.stringify({ type: "conversation_removed", id: 7 }))).toBeNull();
    expect(parseInboxEvent(JSON.stringify({ type: "conversation_removed", id: "x".repeat(65) }))).toBeNull();
  });

  it.each([
    ["not json", "{"],
    ["another type", JSON.stringify({ type: "status", conversation: summary })],
    ["no summary", JSON.stringify({ type: "conversation" })],
    ["a missing id", JSON.stringify({ type: "conversation", conversation: { ...summary, id: undefined } })],
    ["a numeric name", JSON.stringify({ type: "conversation", conversation: { ...summary, assignedStaffName: 7 } })],
    ["a string time", JSON.stringify({ type: "conversation", conversation: { ...summary, updatedAt: "now" } })],
    [
      "an oversized frame",
      JSON.stringify({ type: "conversation", conversation: { ...summary, lastMessage: "x".repeat(MAX_FRAME_BYTES) } }),
    ],
  ])("drops %s", (_name, raw) => {
    expect(parseInboxEvent(raw)).toBeNull();
  });

  it("checks list entries the same way", () => {
    expect(parseConversationSummary(summary)).toEqual(summary);
    expect(parseConversationSummary({ ...summary, status: null })).toBeNull();
    expect(parseConversationSummary("c1")).toBeNull();
  });
});
