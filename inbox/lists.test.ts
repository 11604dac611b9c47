/** The inbox tabs: which conversations each shows, kept current by live updates. */
import { describe, expect, it } from "vitest";
import type { Staff, Summary } from "./api";
import {
  applyUpdate,
  belongsIn,
  channelName,
  deliveryFailedLabel,
  reasonLabel,
  replyLabel,
  stateLabel,
  leadLabelName,
  whoLabel,
} from "./lists";

const me: Staff = { id: "st_me", name: "Me", email: "me@x.example", role: "agent", available: true };
const summary = (id: string, status: string, assignedStaffId: string | null, updatedAt: number): Summary => ({
  id,
  agentId: "demo",
  status,
  assignedStaffId,
  assignedStaffName: null,
  handoffReason: null,
  contactEmail: null,
  emailVerified: false,
  lastMessage: null,
  channel: "live_chat",
  channelAddress: null,
  leadLabel: null,
  updatedAt,
  createdAt: 0,
});

describe("inbox lists", () => {
  it("mark a contact's email unverified unless the visitor proved it is theirs", () => {
    const base = summary("a", "human", null, 1);
    expect(whoLabel(base)).toEqual({ name: "Visitor", unverified: false });
    expect(whoLabel({ ...base, contactEmail: "ada@example.com" })).toEqual({
      name: "ada@example.com",
      unverified: true,
    });
    expect(whoLabel({ ...base, contactEmail: "ada@example.com", emailVerified: true })).toEqual({
      name: "ada@example.com",
      unverified: false,
    });
  });

  it("put each conversation in the right tabs", () => {
    expect(belongsIn("waiting", summary("a", "waiting_for_human", null, 1), me)).toBe(true);
    expect(belongsIn("waiting", summary("a", "human", "st_me", 1), me)).toBe(false);
    expect(belongsIn("mine", summary("a", "human", "st_me", 1), me)).toBe(true);
    expect(belongsIn("mine", summary("a", "closed", "st_me", 1), me)).toBe(false);
    expect(belongsIn("mine", summary("a", "human", "st_other", 1), me)).toBe(false);
    expect(belongsIn("all", summary("a", "closed", null, 1), me)).toBe(true);
  });

  it("replace, add and drop conversations on live updates, newest first", () => {
    const list = [summary("a", "waiting_for_human", null, 2), summary("b", "waiting_for_human", null, 1)];
    expect(applyUpdate(list, "waiting", summary("c", "waiting_for_human", null, 3), me).map((s) => s.id)).toEqual([
      "c",
      "a",
      "b",
    ]);
    expect(applyUpdate(list, "waiting", summary("a", "human", "st_me", 4), me).map((s) => s.id)).toEqual(["b"]);
    expect(applyUpdate(list, "all", summary("b", "human", "st_me", 5), me).map((s) => s.id)).toEqual(["b", "a"]);
  });

  it("says each status in words, with the name of the person handling it", () => {
    expect(stateLabel("waiting_for_human", null)).toBe("Waiting for a person");
    expect(stateLabel("human", "Grace")).toBe("Handled by Grace");
    expect(stateLabel("human", null)).toBe("Handled by a person");
    expect(stateLabel("bot", null)).toBe("AI agent answering");
    expect(stateLabel("closed", "Grace")).toBe("Closed");
  });

  it("names handoff reasons for people", () => {
    expect(reasonLabel("visitor_asked")).toBe("Asked for a person");
    expect(reasonLabel(null)).toBe("");
  });

  it("names the channel, where a reply goes, and why a line was not delivered", () => {
    const email = { ...summary("c9", "human", me.id, 1), channel: "email", channelAddress: "ann@example.com" };
    expect(channelName(email.channel)).toBe("Email");
    expect(replyLabel("email")).toBe("Reply by email");
    expect(replyLabel("whatsapp")).toBe("Reply on WhatsApp");
    expect(replyLabel("live_chat")).toBe("Reply in the chat");
    expect(deliveryFailedLabel("email", "550 no such user")).toBe("Not delivered by email: 550 no such user");
    expect(whoLabel(email)).toEqual({ name: "ann@example.com", unverified: false });
    expect(whoLabel({ ...email, channel: "whatsapp", channelAddress: "15550001111" }).name).toBe("15550001111");
    expect(whoLabel(summary("c10", "bot", null, 1)).name).toBe("Visitor");
  });

  it("name the lead label the goal set, and nothing when there is none", () => {
    expect(leadLabelName("qualified")).toBe("Qualified lead");
    expect(leadLabelName("partially_qualified")).toBe("Partially qualified lead");
    expect(leadLabelName("unqualified")).toBe("Unqualified lead");
    expect(leadLabelName(null)).toBe("");
  });
});
