/** Replay: past conversations asked again against the draft, with what changed per message; unchanged when nothing did. */
import { describe, expect, it } from "vitest";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";
import { hasSystem } from "./support/lifecycle";

const AGENT = "replay-agent";
type ReplayJson = {
  version: number;
  summary: { conversations: number; changed: number };
  conversations: {
    id: string;
    changed: boolean;
    turns: {
      message: string;
      before: { answer: string; handoff: boolean };
      after: { answer: string; handoff: boolean };
      changed: { answer: boolean; sources: boolean; handoff: boolean };
    }[];
  }[];
};

const replay = async (json: unknown = {}) => {
  const response = await adminFetch(`/agents/${AGENT}/replay`, { method: "POST", json });
  expect(response.status).toBe(200);
  return (await response.json()) as ReplayJson;
};

describe("replay", () => {
  it("reports no change when nothing changed, a changed answer after a knowledge edit, a changed handoff after a rule change", async () => {
    await adminFetch(`/agents/${AGENT}`, {
      method: "PUT",
      json: { name: "Replay", personality: "friendly", greeting: "Hi" },
    });
    await adminFetch(`/agents/${AGENT}/articles/hours`, {
      method: "PUT",
      json: { title: "Opening hours", body: "We are open from nine to five on weekdays." },
    });
    const { conversationId, visitorToken } = await startConversation(AGENT);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: "When are you open?" });
    await socket.waitForReplies(1);
    socket.send({ type: "message", id: "m2", text: "I want a refund" });
    await socket.waitForReplies(2);
    socket.close();

    const unchanged = await replay({ conversationIds: [conversationId] });
    expect(unchanged.summary).toEqual({ conversations: 1, changed: 0 });
    expect(unchanged.conversations[0]?.turns.map((t) => t.message)).toEqual(["When are you open?", "I want a refund"]);
    expect(unchanged.conversations[0]?.turns[0]?.before.answer).toContain("nine to five");

    // A knowledge edit (live) changes the answer.
    await adminFetch(`/agents/${AGENT}/articles/hours`, {
      method: "PUT",
      json: { title: "Opening hours", body: "We are open from ten to six on weekdays." },
    });
    const edited = await replay({ conversationIds: [conversationId] });
    expect(edited.summary.changed).toBe(1);
    const [hours, refund] = edited.conversations[0]?.turns ?? [];
    expect(hours?.changed.answer).toBe(true);
    expect(hours?.after.answer).toContain("ten to six");
    expect(refund?.changed.handoff).toBe(false);

    // A draft with a trigger phrase would hand off at the second message.
    await adminFetch(`/agents/${AGENT}`, {
      method: "PUT",
      json: {
        name: "Replay",
        personality: "friendly",
        greeting: "Hi",
        settings: { handoff: { triggerPhrases: ["refund"] } },
      },
    });
    const drafted = await replay();
    expect(drafted.version).toBe(2);
    expect(drafted.conversations[0]?.turns[1]?.changed.handoff).toBe(true);
    expect(drafted.conversations[0]?.turns[1]?.after.handoff).toBe(true);
  });

  it("reports handoffs that happened, and refuses bad input", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT, undefined, false);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: "Can I talk to a human?" });
    await socket.waitFor(hasSystem("no_staff"));
    socket.close();
    const result = await replay({ conversationIds: [conversationId] });
    expect(result.conversations[0]?.turns[0]).toMatchObject({
      before: { handoff: true },
      after: { handoff: true },
      changed: { handoff: false },
    });

    for (const body of [{ conversationIds: ["nope"] }, { limit: 0 }, { limit: 51 }, { surprise: true }]) {
      expect(
        (await adminFetch(`/agents/${AGENT}/replay`, { method: "POST", json: body })).status,
        JSON.stringify(body),
      ).toBe(400);
    }
    expect((await adminFetch("/agents/no-such-agent/replay", { method: "POST", json: {} })).status).toBe(404);
  });
});
