import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";

const AGENT = "preview-agent";
const HANDOFF_AGENT = "preview-handoff";
type PreviewJson = {
  answer: string;
  sources: { id: string; title: string; url?: string }[];
  ranked: { name: string; score: number }[];
  grounding: number | null;
  abstained: boolean;
  ms: number;
};

const preview = async (message: string) => {
  const response = await adminFetch(`/agents/${AGENT}/preview`, { method: "POST", json: { message } });
  expect(response.status).toBe(200);
  return (await response.json()) as PreviewJson;
};

beforeAll(async () => {
  await adminFetch(`/agents/${AGENT}`, {
    method: "PUT",
    json: { name: "Preview", personality: "friendly", greeting: "Hi" },
  });
  await adminFetch(`/agents/${AGENT}/articles/returns`, {
    method: "PUT",
    json: {
      title: "Returns",
      url: "https://shop.example/returns",
      body: "## Return window\n\nYou can return any product within 30 days of delivery.",
    },
  });
});

describe("preview", () => {
  it("answers with its evidence: ranked documents, cited sources and grounding", async () => {
    const result = await preview("Within how many days can I return a product?");
    expect(result.abstained).toBe(false);
    expect(result.answer).toContain("30 days");
    expect(result.sources).toEqual([
      expect.objectContaining({ title: "Returns", url: "https://shop.example/returns" }),
    ]);
    expect(result.ranked[0]).toMatchObject({ name: "https://shop.example/returns" }); // a document's name is its URL when it has one
    expect(result.grounding).toBeGreaterThan(0.33);
  });

  it("abstains on what the knowledge does not cover, without recording a knowledge gap", async () => {
    const result = await preview("Who won the football world cup in 2014?");
    expect(result.abstained).toBe(true);
    expect(result.sources).toEqual([]);
    const gaps = await env.DB.prepare("SELECT COUNT(*) AS n FROM knowledge_gaps WHERE agent_id = ?")
      .bind(AGENT)
      .first<{ n: number }>();
    expect(gaps?.n).toBe(0);
  });

  it("reflects an article edit at once and an unpublished article not at all", async () => {
    await adminFetch(`/agents/${AGENT}/articles/gift-cards`, {
      method: "PUT",
      json: { title: "Gift cards", body: "Gift cards never expire and work in every shop." },
    });
    expect((await preview("Do gift cards expire?")).answer).toContain("never expire");
    await adminFetch(`/agents/${AGENT}/articles/gift-cards`, {
      method: "PUT",
      json: { title: "Gift cards", body: "Gift cards never expire and work in every shop.", published: false },
    });
    expect((await preview("Do gift cards expire?")).abstained).toBe(true);
  });

  it("says why a live conversation would go to a person at this message", async () => {
    const why = async (message: string) =>
      (
        (await (
          await adminFetch(`/agents/${HANDOFF_AGENT}/preview`, { method: "POST", json: { message } })
        ).json()) as { handoff: unknown }
      ).handoff;
    const settings = {
      handoff: { triggerPhrases: ["refund now"], afterAbstentions: 2 },
      guidelines: {
        frustratedVisitors: { handling: "handoff" },
        topicsToAvoid: [{ topic: "Legal", keywords: ["lawsuit"], handling: "handoff" }],
      },
    };
    expect(
      (
        await adminFetch(`/agents/${HANDOFF_AGENT}`, {
          method: "PUT",
          json: { name: "Why", personality: "friendly", greeting: "Hi", settings },
        })
      ).status,
    ).toBe(201);
    await adminFetch(`/agents/${HANDOFF_AGENT}/articles/returns`, {
      method: "PUT",
      json: { title: "Returns", body: "You can return any product within 30 days of delivery." },
    });
    expect(await why("Within how many days can I return a product?")).toBeNull();
    expect(await why("Can I talk to a human?")).toEqual({ reason: "visitor_asked", detail: null });
    expect(await why("I want a refund now")).toEqual({ reason: "trigger_phrase", detail: "refund now" });
    expect(await why("I will file a lawsuit")).toEqual({ reason: "avoided_topic", detail: "Legal" });
    expect(await why("This is ridiculous, where is my order?")).toEqual({ reason: "frustrated_visitor", detail: null });
    expect(await why("Who won the football world cup in 2014?")).toMatchObject({ reason: "missing_knowledge" });
    expect(
      (await adminFetch(`/agents/${HANDOFF_AGENT}/controls`, { method: "PUT", json: { enabled: false } })).status,
    ).toBe(200);
    expect(await why("Within how many days can I return a product?")).toMatchObject({ reason: "paused" });
  });

  it("refuses bad input and unknown agents", async () => {
    expect((await adminFetch(`/agents/${AGENT}/preview`, { method: "POST", json: { message: "" } })).status).toBe(400);
    expect(
      (await adminFetch(`/agents/${AGENT}/preview`, { method: "POST", json: { message: "x".repeat(4001) } })).status,
    ).toBe(400);
    expect((await adminFetch(`/agents/nobody/preview`, { method: "POST", json: { message: "hi" } })).status).toBe(404);
  });
});

describe("knowledge gaps", () => {
  it("are recorded when the agent abstains in a real conversation", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "gap", text: "Do you sell bicycles in Iceland?" });
    await socket.waitForReplies(1);
    socket.close();
    // Recorded after the turn (off the visitor's path), so it may land just after the reply.
    const gap = () =>
      env.DB.prepare("SELECT question, conversation_id FROM knowledge_gaps WHERE agent_id = ?").bind(AGENT).first();
    await expect.poll(gap).toEqual({ question: "Do you sell bicycles in Iceland?", conversation_id: conversationId });
  });
});
