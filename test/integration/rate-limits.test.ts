/**
 * Abuse limits: new conversations per client IP and per agent (a rate-limiter Durable Object shared
 * by every isolate), messages per conversation (inside the conversation's own object). Refusals are
 * `429 rate_limited` with `Retry-After` on HTTP and a `rate_limited` error on the socket; a refused
 * start creates nothing and a refused message is stored nowhere. Limits are agent settings.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { agents, conversations } from "../../worker/db/schema";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, workerFetch } from "./support/chat-client";

async function saveAgent(id: string, limits?: Record<string, unknown>): Promise<void> {
  const settings = { allowedOrigins: ["https://shop.example.com"], ...(limits ? { limits } : {}) };
  const response = await adminFetch(`/agents/${id}`, {
    method: "PUT",
    json: { name: "Shop", personality: "friendly", greeting: "Hi", settings },
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}

type Started = { conversationId: string; visitorToken: string; resumed: boolean };

function start(agentId: string, ip: string | null, init: { token?: string; resume?: boolean } = {}) {
  return workerFetch(`/v1/agents/${agentId}/conversations`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(ip ? { "cf-connecting-ip": ip } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: JSON.stringify({ resume: init.resume ?? false, host: "https://shop.example.com" }),
  });
}

const conversationCount = async (agentId: string) =>
  (await database(env).select().from(conversations).where(eq(conversations.agentId, agentId))).length;

/** A 429 whose Retry-After is the refill interval (`seconds`), less the few seconds the test itself took. */
async function expectRateLimited(response: Response, seconds: number): Promise<void> {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(seconds - 10);
  expect(retryAfter).toBeLessThanOrEqual(seconds);
  const body = (await response.json()) as { error: { code: string; details: { retryAfterSeconds: number } } };
  expect(body.error).toMatchObject({ code: "rate_limited", details: { retryAfterSeconds: retryAfter } });
}

describe("conversation starts", () => {
  it("are limited per client IP by default (10 per 10 minutes), and a refused start creates nothing", async () => {
    const AGENT = "limits-default";
    await saveAgent(AGENT);
    for (let i = 0; i < 10; i++) expect((await start(AGENT, "203.0.113.10")).status).toBe(201);
    const before = await conversationCount(AGENT);
    await expectRateLimited(await start(AGENT, "203.0.113.10"), 60); // one more every minute
    expect(await conversationCount(AGENT)).toBe(before);
    expect((await start(AGENT, "203.0.113.11")).status).toBe(201); // another visitor
    expect((await start(AGENT, null)).status).toBe(201); // no client IP known: only the agent's limit applies
  });

  it("count new conversations only: resuming one is free", async () => {
    const AGENT = "limits-resume";
    await saveAgent(AGENT, { conversationStartsPerIp: { count: 1, minutes: 10 } });
    const first = (await (await start(AGENT, "203.0.113.20")).json()) as Started;
    for (let i = 0; i < 5; i++) {
      const again = await start(AGENT, "203.0.113.20", { token: first.visitorToken, resume: true });
      expect(((await again.json()) as Started).resumed).toBe(true);
    }
    await expectRateLimited(await start(AGENT, "203.0.113.20", { token: first.visitorToken }), 600);
  });

  it("are limited per agent across every IP, as the agent's settings say", async () => {
    const AGENT = "limits-agent";
    await saveAgent(AGENT, { conversationStartsPerAgent: { count: 3, minutes: 1 } });
    for (const ip of ["203.0.113.30", "203.0.113.31", "203.0.113.32"])
      expect((await start(AGENT, ip)).status).toBe(201);
    await expectRateLimited(await start(AGENT, "203.0.113.33"), 20);
    expect((await start("limits-default", "203.0.113.33")).status).toBe(201); // other agents are not affected
  });

  it("refuse limits that are not whole counts and windows within a day", async () => {
    for (const limits of [
      { messagesPerConversation: { count: 0, minutes: 1 } },
      { conversationStartsPerIp: { count: 10, minutes: 0 } },
      { conversationStartsPerIp: { count: 10, minutes: 1441 } },
      { conversationStartsPerIp: { count: 1.5, minutes: 1 } },
      { perSecond: 3 },
    ]) {
      const response = await adminFetch("/agents/limits-bad", {
        method: "PUT",
        json: { name: "Bad", personality: "friendly", greeting: "Hi", settings: { limits } },
      });
      expect(response.status, JSON.stringify(limits)).toBe(400);
    }
  });
});

describe("messages in a conversation", () => {
  it("past the limit are refused with rate_limited and stored nowhere", async () => {
    const AGENT = "limits-messages";
    await saveAgent(AGENT, { messagesPerConversation: { count: 3, minutes: 1 } });
    const started = (await (await start(AGENT, "203.0.113.40")).json()) as Started;
    const socket = await ChatSocket.open(started.conversationId, started.visitorToken);
    for (let i = 1; i <= 4; i++) socket.send({ type: "message", id: `m-${i}`, text: `Question ${i}?` });
    const events = await socket.waitFor((all) => all.some((e) => e.type === "error"));
    expect(events.find((e) => e.type === "error")).toMatchObject({ code: "rate_limited" });
    expect(events.filter((e) => e.type === "ack").map((e) => e.type === "ack" && e.id)).toEqual(["m-1", "m-2", "m-3"]);
    const stored = (await env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(started.conversationId)).events()).filter(
      (e) => e.type === "visitor_message",
    );
    expect(stored.map((e) => e.type === "visitor_message" && e.id)).toEqual(["m-1", "m-2", "m-3"]);
    socket.close();
  });

  it("follow the limit the isolate keeps for every conversation (no D1 read each), and an admin change at once", async () => {
    const AGENT = "limits-kept";
    const once = { messagesPerConversation: { count: 1, minutes: 1 } };
    await saveAgent(AGENT, once);
    const opened = async () => {
      const started = (await (await start(AGENT, "203.0.113.41")).json()) as Started;
      return ChatSocket.open(started.conversationId, started.visitorToken);
    };
    const twoMessages = async () => {
      const socket = await opened();
      socket.send({ type: "message", id: "m-1", text: "Question 1?" });
      socket.send({ type: "message", id: "m-2", text: "Question 2?" });
      const events = await socket.waitFor(
        (all) => all.filter((e) => e.type === "ack" || e.type === "error").length >= 2,
      );
      socket.close();
      return events.filter((e) => e.type === "ack" || e.type === "error").map((e) => e.type);
    };
    expect(await twoMessages()).toEqual(["ack", "error"]); // the limit is read and kept
    // Raised straight in D1, as another isolate's write would be: a new conversation still follows the kept limit.
    const raised = {
      allowedOrigins: ["https://shop.example.com"],
      limits: { messagesPerConversation: { count: 100, minutes: 1 } },
    };
    await database(env).update(agents).set({ settings: raised }).where(eq(agents.id, AGENT));
    expect(await twoMessages()).toEqual(["ack", "error"]);
    // Through this isolate's admin API: the next conversation sees it at once.
    await saveAgent(AGENT, raised.limits);
    expect((await adminFetch(`/agents/${AGENT}/publish`, { method: "POST" })).status).toBeLessThan(300);
    expect(await twoMessages()).toEqual(["ack", "ack"]);
  });
});
