/**
 * Analytics from real conversations: five conversations of one agent — resolved and rated 5,
 * answered but rated down (unresolved), resolved then rated 2 after closing, handed off to a person
 * who replies, and one abandoned without a message — give the figures computed by hand below; tokens agree with
 * the daily token budget's own count, and cost follows the agent's prices. The CSV carries the
 * same table; a bad period is a 400.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { LifecycleStore } from "../../durable-objects/conversation/lifecycle-state";
import { turnFacts } from "../../worker/db/analytics-schema";
import { database } from "../../worker/db/client";
import { tokenUsage } from "../../worker/db/schema";
import type { Report } from "../../worker/analytics/report";
import { recordTurn } from "../../worker/analytics/turn-facts";
import type { ServerEvent } from "../../worker/protocol/events";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";
import { completes, conversationStub, hasSystem, lifecycleAgent } from "./support/lifecycle";
import { StaffSocket } from "./support/staff-socket";

const AGENT = "stats";
const ADA = { id: "stats-ada", name: "Ada" };
const FIVE_MINUTES = 5 * 60_000;

async function ask(socket: ChatSocket, id: string, text: string): Promise<string> {
  const before = completes(socket.events).length;
  socket.send({ type: "message", id, text });
  await socket.waitFor((events) => completes(events).length > before);
  return completes(socket.events).at(-1)?.turnId as string;
}

/** Closes the conversation as the inactivity alarm does after the quiet period. */
async function closeQuietly(conversationId: string, socket: ChatSocket): Promise<void> {
  const stub = conversationStub(conversationId);
  await runInDurableObject(stub, async (_i: ConversationDO, state) => {
    new LifecycleStore(state.storage.sql).update({ lastActivityAt: Date.now() - FIVE_MINUTES - 1_000 });
  });
  expect(await runDurableObjectAlarm(stub)).toBe(true);
  await socket.waitFor((events) => events.some((e) => e.type === "status" && e.status === "closed"));
}

const voted = (value: "up" | "down") => (events: ServerEvent[]) =>
  events.some((e) => e.type === "feedback" && e.value === value);
const rated = (events: ServerEvent[]) => events.some((e) => e.type === "rating");
const statusOf = (events: ServerEvent[]) => events.filter((e) => e.type === "status").at(-1);

async function facts(): Promise<number> {
  return (await database(env).select().from(turnFacts).where(eq(turnFacts.agentId, AGENT))).length;
}

describe("analytics from real conversations", () => {
  it("equal the figures computed by hand", async () => {
    await lifecycleAgent(AGENT, {
      channels: { live_chat: { inactivityMinutes: 5 } },
      modelPrices: { offline: { inputPerMillion: 1_000, outputPerMillion: 2_000 } },
    });

    // A: two answers (one of them "I don't know"), a thumbs up, closed as resolved, rated 5.
    const a = await startConversation(AGENT);
    const aSocket = await ChatSocket.open(a.conversationId, a.visitorToken);
    const hours = await ask(aSocket, "a1", "What are your opening hours?");
    await ask(aSocket, "a2", "Can I pay with seashells on the moon?");
    aSocket.send({ type: "feedback", turnId: hours, value: "up" });
    await aSocket.waitFor(voted("up"));
    await closeQuietly(a.conversationId, aSocket);
    aSocket.send({ type: "rating", value: 5 });
    await aSocket.waitFor(rated);

    // B: an answer rated down (after a change of mind): closed as unresolved, nothing charged.
    const b = await startConversation(AGENT);
    const bSocket = await ChatSocket.open(b.conversationId, b.visitorToken);
    const shipping = await ask(bSocket, "b1", "Do you ship to Norway?");
    bSocket.send({ type: "feedback", turnId: shipping, value: "up" });
    await bSocket.waitFor(voted("up"));
    bSocket.send({ type: "feedback", turnId: shipping, value: "down" });
    await bSocket.waitFor(voted("down"));
    await closeQuietly(b.conversationId, bSocket);
    expect(bSocket.events.find((e) => e.type === "status" && e.status === "closed")).toMatchObject({
      outcome: "unresolved",
    });

    // C: resolved and charged at the close, then rated 2: not resolved in analytics, still charged.
    const c = await startConversation(AGENT);
    const cSocket = await ChatSocket.open(c.conversationId, c.visitorToken);
    await ask(cSocket, "c1", "How do I return a product?");
    await closeQuietly(c.conversationId, cSocket);
    cSocket.send({ type: "rating", value: 2 });
    await cSocket.waitFor(rated);

    // D: answered, then the visitor asks for a person, who replies.
    const d = await startConversation(AGENT);
    const dSocket = await ChatSocket.open(d.conversationId, d.visitorToken);
    await ask(dSocket, "d1", "Do you offer gift cards?");
    dSocket.send({ type: "message", id: "d2", text: "Can I talk to a human?" });
    await dSocket.waitFor(hasSystem("no_staff"));
    const ada = await StaffSocket.open(d.conversationId, ADA);
    expect(await conversationStub(d.conversationId).claim(ADA)).toEqual({ ok: true });
    ada.send({ type: "message", id: "ada1", text: "Hi, Ada here." });
    await dSocket.waitFor((events) => events.some((e) => e.type === "staff_message"));

    // E: opened, never a message, closed by the inactivity rule: abandoned (not handled, not resolved).
    const e = await startConversation(AGENT);
    const eStub = conversationStub(e.conversationId);
    await runInDurableObject(eStub, async (_i: ConversationDO, state) => {
      new LifecycleStore(state.storage.sql).update({ lastActivityAt: Date.now() - FIVE_MINUTES - 1_000 });
      await state.storage.setAlarm(Date.now());
    });
    expect(await runDurableObjectAlarm(eStub)).toBe(true);
    expect(statusOf(await eStub.events(0))).toMatchObject({ status: "closed", outcome: "abandoned" });

    await expect.poll(facts).toBe(5); // written after each turn, off the visitor's path
    const response = await adminFetch(`/agents/${AGENT}/analytics`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    const { totals } = report;
    expect(totals).toMatchObject({
      conversations: 5,
      handled: 4,
      resolved: 1,
      handedOff: 1,
      answers: 5,
      abstentions: 1,
      thumbsUp: 1,
      thumbsDown: 1,
      ratings: 2,
      ratingSum: 7,
      handleRate: 4 / 5,
      resolutionRate: 1 / 4,
      deflection: 1 / 5,
      handoffRate: 1 / 4,
      abstentionRate: 1 / 5,
      averageRating: 3.5,
      handoffReasons: { visitor_asked: 1 },
      ratingCounts: { "2": 1, "5": 1 },
      creditsUsed: 2,
    });
    expect(totals.medianFirstDeltaMs).toBeGreaterThanOrEqual(0);
    expect(totals.medianFirstStaffReplyMs).toBeGreaterThanOrEqual(0);

    // Tokens: what the model reported, as the daily budget counted it through its own path.
    const budget = await database(env).select().from(tokenUsage).where(eq(tokenUsage.agentId, AGENT));
    expect(totals.inputTokens + totals.outputTokens).toBe(budget.reduce((sum, row) => sum + row.tokens, 0));
    expect(totals.inputTokens).toBeGreaterThan(0);
    const cost = (totals.inputTokens * 1_000 + totals.outputTokens * 2_000) / 1_000_000;
    expect(totals.cost).toBeCloseTo(cost, 9);
    expect(totals.costPerConversation).toBeCloseTo(cost / 5, 9);
    expect(totals.costPerResolution).toBeCloseTo(cost, 9);

    // The series has the last 30 local days; today holds everything.
    expect(report.series).toHaveLength(30);
    expect(report.series.at(-1)).toMatchObject({ conversations: 5, resolved: 1, answers: 5 });
    expect(report.series.slice(0, -1).every((point) => point.conversations === 0)).toBe(true);

    // The same table as CSV: a row per day and a totals row.
    const csv = await adminFetch(`/agents/${AGENT}/analytics.csv?granularity=month`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\n");
    expect(lines[0]).toMatch(/^period,conversations,handled,resolved,handedOff,/);
    expect(lines.at(-1)).toMatch(/^total,5,4,1,1,5,1,1,1,2,3\.5,0\.8,0\.25,0\.2,0\.25,0\.2,/);

    // A channel with no conversations has none.
    const email = (await (await adminFetch(`/agents/${AGENT}/analytics?channel=email`)).json()) as Report;
    expect(email.totals).toMatchObject({ conversations: 0, answers: 0, handleRate: null });
  });

  it("refuses a bad period with a clear error", async () => {
    await lifecycleAgent("stats-bad", {});
    for (const query of ["from=2026-12-05&to=2026-12-01", "from=2025-01-01&to=2026-12-01", "from=yesterday", "x=1"]) {
      const response = await adminFetch(`/agents/stats-bad/analytics?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_query");
    }
    expect((await adminFetch("/agents/nobody-here/analytics")).status).toBe(404);
  });
});

describe("analytics costs", () => {
  it("price each model's tokens: the defaults, the agent's own prices, and unknown for an unpriced model", async () => {
    await lifecycleAgent("stats-cost", {});
    const turn = (turnId: string, model: string, inputTokens: number, outputTokens: number) =>
      recordTurn(env, {
        turnId,
        conversationId: "c_stats_cost",
        agentId: "stats-cost",
        channel: "live_chat",
        question: "What are your opening hours?",
        replied: true,
        abstained: false,
        grounding: 1,
        usage: { model, inputTokens, outputTokens },
        firstDeltaMs: 40,
        at: Date.now(),
      });
    await turn("t_cost_1", "gpt-4o-mini", 1_000_000, 500_000); // $0.15 + $0.30
    await turn("t_cost_2", "gpt-4o-mini", 2_000_000, 0); // $0.30
    const report = async () => ((await (await adminFetch("/agents/stats-cost/analytics")).json()) as Report).totals;
    expect(await report()).toMatchObject({ answers: 2, inputTokens: 3_000_000, outputTokens: 500_000 });
    expect((await report()).cost).toBeCloseTo(0.75, 9);

    await turn("t_cost_3", "house-model", 1_000, 1_000);
    expect((await report()).cost).toBeNull(); // some tokens have no known price
    await lifecycleAgent("stats-cost", {
      modelPrices: {
        "house-model": { inputPerMillion: 1, outputPerMillion: 3 },
        "gpt-4o-mini": { inputPerMillion: 0, outputPerMillion: 0 },
      },
    });
    expect((await report()).cost).toBeCloseTo(0.004, 9);
  });
});
