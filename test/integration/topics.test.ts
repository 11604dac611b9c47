/**
 * Topics to avoid: a fixed reply, a redirect or a handoff, decided before any model sees the
 * message (offline and with a generative model that would have answered), shown in preview.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { runTurn, type TurnPart } from "../../worker/agent/turn";
import { matchAvoidedTopic, type AvoidedTopic } from "../../worker/behaviour/topics";
import { database } from "../../worker/db/client";
import { handoffs } from "../../worker/db/schema";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";
import { completes, hasSystem, lifecycleAgent } from "./support/lifecycle";

const TOPICS: AvoidedTopic[] = [
  {
    topic: "Legal disputes",
    description: "",
    keywords: ["lawsuit", "sue you"],
    handling: "reply",
    reply: "I can't help with legal matters. Please write to legal@shop.example.",
  },
  {
    topic: "Competitors",
    description: "comparing our boards with other brands such as Raspberry Pi or ESP32 makers",
    keywords: [],
    handling: "redirect",
    reply: "Our product pages compare our boards in detail: https://shop.example/compare",
  },
  {
    topic: "Account closure",
    description: "",
    keywords: ["delete my account", "close my account"],
    handling: "handoff",
  },
];

describe("topics to avoid", () => {
  it("match on keywords and on the topic's description, and leave other questions alone", () => {
    expect(matchAvoidedTopic("I will SUE YOU for this", TOPICS)?.topic).toBe("Legal disputes");
    expect(matchAvoidedTopic("Are your boards better than a Raspberry Pi board?", TOPICS)?.topic).toBe("Competitors");
    expect(matchAvoidedTopic("What are your opening hours?", TOPICS)).toBeNull();
    expect(matchAvoidedTopic("Do you ship to Norway?", TOPICS)).toBeNull();
  });

  it("answer with the fixed reply or redirect, and hand off where asked, in a conversation", async () => {
    await lifecycleAgent("topics-agent", { guidelines: { topicsToAvoid: TOPICS } });
    const { conversationId, visitorToken } = await startConversation("topics-agent");
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: "I am going to file a lawsuit" });
    socket.send({ type: "message", id: "m2", text: "Is your board better than a Raspberry Pi board?" });
    socket.send({ type: "message", id: "m3", text: "What are your opening hours?" });
    const events = await socket.waitForReplies(3);
    expect(completes(events).map((e) => e.text)).toEqual([
      TOPICS[0]?.reply,
      TOPICS[1]?.reply,
      expect.stringContaining("nine to five"),
    ]);
    expect(completes(events)[0]?.sources).toEqual([]);

    socket.send({ type: "message", id: "m4", text: "Please delete my account" });
    await socket.waitFor(hasSystem("no_staff"));
    expect(
      await database(env).select().from(handoffs).where(eq(handoffs.conversationId, conversationId)).all(),
    ).toMatchObject([{ reason: "avoided_topic", detail: "Account closure" }]);
    socket.close();
  });

  it("hold with a generative model, which never sees the message", async () => {
    await lifecycleAgent("topics-openai", { guidelines: { topicsToAvoid: TOPICS } });
    const loopback = inject("openaiLoopbackUrl");
    const turnEnv: Env = { ...env, OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: `${loopback}/v1` };
    const question = "Could I sue you over a late delivery? (topics test)";
    const parts: TurnPart[] = [];
    for await (const part of runTurn({
      env: turnEnv,
      agentId: "topics-openai",
      history: [{ role: "user", text: question }],
    }))
      parts.push(part);
    expect(
      parts
        .filter((p) => p.type === "delta")
        .map((p) => (p.type === "delta" ? p.text : ""))
        .join(""),
    ).toBe(TOPICS[0]?.reply);
    // Other tests share the server; some of their messages (tool calls) have no text content.
    const recorded = (await (await fetch(`${loopback}/__requests`)).json()) as { body: { messages?: unknown[] } }[];
    expect(recorded.some((r) => JSON.stringify(r.body.messages ?? []).includes("topics test"))).toBe(false);
  });

  it("show in preview, and refuse incomplete topics", async () => {
    await lifecycleAgent("topics-preview", { guidelines: { topicsToAvoid: TOPICS } });
    const preview = (await (
      await adminFetch("/agents/topics-preview/preview", {
        method: "POST",
        json: { message: "I want to close my account" },
      })
    ).json()) as { avoidedTopic: unknown; answer: string };
    expect(preview.avoidedTopic).toEqual({ topic: "Account closure", handling: "handoff" });
    expect(preview.answer).toBe("");
    for (const topic of [
      { topic: "Legal", keywords: ["lawsuit"], handling: "reply" }, // no reply
      { topic: "Legal", handling: "handoff" }, // nothing to recognise it by
      { topic: "Legal", keywords: ["lawsuit"], handling: "ignore" },
    ]) {
      const response = await adminFetch("/agents/topics-preview", {
        method: "PUT",
        json: {
          name: "T",
          personality: "friendly",
          greeting: "Hi",
          settings: { guidelines: { topicsToAvoid: [topic] } },
        },
      });
      expect(response.status, JSON.stringify(topic)).toBe(400);
    }
  });
});
