import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";

const AGENT = "preview-agent";
type PreviewJson = { answer: string; sources: { id: string; title: string; url?: string }[]; ranked: { name: string; score: number }[]; grounding: number | null; abstained: boolean; ms: number };

const preview = async (message: string) => {
  const response = await adminFetch(`/agents/${AGENT}/preview`, { method: "POST", json: { message } });
  expect(response.status).toBe(200);
  return (await response.json()) as PreviewJson;
};

beforeAll(async () => {
  await adminFetch(`/agents/${AGENT}`, { method: "PUT", json: { name: "Preview", personality: "friendly", greeting: "Hi" } });
  await adminFetch(`/agents/${AGENT}/articles/returns`, {
    method: "PUT",
    json: { title: "Returns", url: "https://shop.example/returns", body: "## Return window\n\nYou can return any product within 30 days of delivery." },
  });
});

describe("preview", () => {
  it("answers with its evidence: ranked documents, cited sources and grounding", async () => {
    const result = await preview("Within how many days can I return a product?");
    expect(result.abstained).toBe(false);
    expect(result.answer).toContain("30 days");
    expect(result.sources).toEqual([expect.objectContaining({ title: "Returns", url: "https://shop.example/returns" })]);
    expect(result.ranked[0]).toMatchObject({ name: "https://shop.example/returns" }); // a document's name is its URL when it has one
    expect(result.grounding).toBeGreaterThan(0.33);
  });

  it("abstains on what the knowledge does not cover, without recording a knowledge gap", async () => {
    const result = await preview("Who won the football world cup in 2014?");
    expect(result.abstained).toBe(true);
    expect(result.sources).toEqual([]);
    const gaps = await env.DB.prepare("SELECT COUNT(*) AS n FROM knowledge_gaps WHERE agent_id = ?").bind(AGENT).first<{ n: number }>();
    expect(gaps?.n).toBe(0);
  });

  it("reflects an article edit at once and an unpublished article not at all", async () => {
    await adminFetch(`/agents/${AGENT}/articles/gift-cards`, { method: "PUT", json: { title: "Gift cards", body: "Gift cards never expire and work in every shop." } });
    expect((await preview("Do gift cards expire?")).answer).toContain("never expire");
    await adminFetch(`/agents/${AGENT}/articles/gift-cards`, { method: "PUT", json: { title: "Gift cards", body: "Gift cards never expire and work in every shop.", published: false } });
    expect((await preview("Do gift cards expire?")).abstained).toBe(true);
  });

  it("refuses bad input and unknown agents", async () => {
    expect((await adminFetch(`/agents/${AGENT}/preview`, { method: "POST", json: { message: "" } })).status).toBe(400);
    expect((await adminFetch(`/agents/${AGENT}/preview`, { method: "POST", json: { message: "x".repeat(4001) } })).status).toBe(400);
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
    const gap = await env.DB.prepare("SELECT question, conversation_id FROM knowledge_gaps WHERE agent_id = ?").bind(AGENT).first();
    expect(gap).toEqual({ question: "Do you sell bicycles in Iceland?", conversation_id: conversationId });
  });
});
