/**
 * Handoff triggers and modes: the visitor asking for a person, trigger phrases, repeated
 * abstentions; `immediate` versus `keep_answering`; each handoff's reason recorded in D1.
 * No staff member is connected here, so every handoff takes the fallback path.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { database } from "../../worker/db/client";
import { conversations, handoffs } from "../../worker/db/schema";
import { ChatSocket, startConversation } from "./support/chat-client";
import { completes, hasSystem, lifecycleAgent, statuses, systemKinds } from "./support/lifecycle";

const handoffRows = (conversationId: string) =>
  database(env).select().from(handoffs).where(eq(handoffs.conversationId, conversationId)).all();
const conversationRow = (conversationId: string) =>
  database(env).select().from(conversations).where(eq(conversations.id, conversationId)).get();

async function chat(agentId: string) {
  const started = await startConversation(agentId);
  return { ...started, socket: await ChatSocket.open(started.conversationId, started.visitorToken) };
}

describe("handoff triggers", () => {
  it("hands off when the visitor asks for a person, and the agent stops answering (immediate)", async () => {
    await lifecycleAgent("ho-ask", { handoff: { mode: "immediate", expectedResponse: "within two hours" } });
    const { conversationId, socket } = await chat("ho-ask");
    socket.send({ type: "message", id: "m1", text: "Kan jeg tale med et menneske?" });
    await socket.waitFor(hasSystem("no_staff"));
    expect(statuses(socket.events).at(-1)).toMatchObject({ status: "waiting_for_human", poweredByAi: false });
    const fallback = socket.events.find((e) => e.type === "system_message" && e.kind === "no_staff");
    const fallbackText = fallback && "text" in fallback ? fallback.text : "";
    expect(fallbackText).toContain("within two hours"); // the admin's words, as written
    expect(fallbackText).toMatch(/^Ingen fra vores team er ledige lige nu/); // in the visitor's language
    expect(completes(socket.events)).toHaveLength(0);

    const [row] = await handoffRows(conversationId);
    expect(row).toMatchObject({ reason: "visitor_asked", fallback: true, mode: "immediate", routedStaffId: null });
    expect(await conversationRow(conversationId)).toMatchObject({
      status: "waiting_for_human",
      handoffReason: "visitor_asked",
      lastMessage: "Kan jeg tale med et menneske?",
    });

    socket.send({ type: "message", id: "m2", text: "What are your opening hours?" });
    await vi.waitFor(async () =>
      expect((await conversationRow(conversationId))?.lastMessage).toBe("What are your opening hours?"),
    );
    expect(completes(socket.events)).toHaveLength(0); // the message waits for a person
    socket.close();
  });

  it("hands off on an admin's trigger phrase and records the phrase", async () => {
    await lifecycleAgent("ho-phrase", { handoff: { triggerPhrases: ["refund", "cancel my order"] } });
    const { conversationId, socket } = await chat("ho-phrase");
    socket.send({ type: "message", id: "m1", text: "What are your opening hours?" });
    await socket.waitForReplies(1);
    socket.send({ type: "message", id: "m2", text: "I want a REFUND for my order" });
    await socket.waitFor(hasSystem("no_staff"));
    expect(await handoffRows(conversationId)).toMatchObject([{ reason: "trigger_phrase", detail: "refund" }]);
    socket.close();
  });

  it("hands off after the configured number of unanswerable questions, not before", async () => {
    await lifecycleAgent("ho-gaps", { handoff: { afterAbstentions: 2 } });
    const { conversationId, socket } = await chat("ho-gaps");
    socket.send({ type: "message", id: "m1", text: "What is the airspeed velocity of an unladen swallow?" });
    await socket.waitForReplies(1);
    expect(await handoffRows(conversationId)).toHaveLength(0);
    socket.send({ type: "message", id: "m2", text: "Which volcano erupted in Iceland last spring?" });
    await socket.waitFor(hasSystem("no_staff"));
    expect(await handoffRows(conversationId)).toMatchObject([{ reason: "missing_knowledge" }]);
    socket.close();
  });

  it("never hands off for abstentions when the setting is 0", async () => {
    await lifecycleAgent("ho-gaps-off", { handoff: { afterAbstentions: 0 } });
    const { conversationId, socket } = await chat("ho-gaps-off");
    for (const [i, text] of [
      "What is the airspeed of a swallow?",
      "Which volcano erupted last spring?",
      "Who won the 1954 chess olympiad?",
    ].entries()) {
      socket.send({ type: "message", id: `m${i}`, text });
    }
    await socket.waitForReplies(3);
    expect(await handoffRows(conversationId)).toHaveLength(0);
    expect(systemKinds(socket.events)).not.toContain("no_staff");
    socket.close();
  });

  it("keep_answering: the agent answers while the visitor waits for a person", async () => {
    await lifecycleAgent("ho-keep", { handoff: { mode: "keep_answering" } });
    const { conversationId, socket } = await chat("ho-keep");
    socket.send({ type: "message", id: "m1", text: "I want to speak to a person" });
    await socket.waitFor(hasSystem("no_staff"));
    expect(statuses(socket.events).at(-1)).toMatchObject({ status: "waiting_for_human", poweredByAi: true });
    socket.send({ type: "message", id: "m2", text: "Do you ship to Norway?" });
    const events = await socket.waitForReplies(1);
    expect(completes(events)[0]?.text).toContain("Norway");
    expect(await handoffRows(conversationId)).toMatchObject([{ reason: "visitor_asked", mode: "keep_answering" }]);
    socket.close();
  });
});
