/**
 * Cost caps: every model call carries `maxOutputTokens` (1,024 unless the agent allows more), and a
 * daily token budget per agent (`controls.dailyTokenLimit`), counted from the usage the model
 * reports, is checked before every model call of a conversation: once spent, new turns go to a
 * person (reason `budget_exhausted`) and `/usage` shows it. Preview is neither checked nor counted.
 */
import { env } from "cloudflare:workers";
import { wrapLanguageModel } from "ai";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { OfflineModel } from "../../worker/agent/offline/model";
import { DEFAULT_MAX_OUTPUT_TOKENS, runTurn } from "../../worker/agent/turn";
import { getAgent } from "../../worker/db/agents";
import { database } from "../../worker/db/client";
import { handoffs } from "../../worker/db/schema";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";
import { lifecycleAgent, statuses } from "./support/lifecycle";

/** The offline model, recording the maxOutputTokens of every call. */
function recordingModel(seen: (number | undefined)[]) {
  return wrapLanguageModel({
    model: new OfflineModel(),
    middleware: {
      specificationVersion: "v4",
      transformParams: async ({ params }) => {
        seen.push(params.maxOutputTokens);
        return params;
      },
    },
  });
}

async function askOnce(agentId: string, model: ReturnType<typeof recordingModel>): Promise<void> {
  const agent = (await getAgent(database(env), agentId))!;
  for await (const _ of runTurn({
    env,
    agentId,
    agent,
    history: [{ role: "user", text: "Do you ship abroad?" }],
    model,
  }));
}

type Usage = { tokens: { used: number; dailyLimit: number | null; remaining: number | null; day: string } };
const usage = async (agentId: string) => (await (await adminFetch(`/agents/${agentId}/usage`)).json()) as Usage;

describe("maxOutputTokens", () => {
  it("caps every model call: 1,024 by default, the agent's setting when it has one", async () => {
    await lifecycleAgent("caps-default", {});
    await lifecycleAgent("caps-long", { maxOutputTokens: 8_000 });
    const seen: (number | undefined)[] = [];
    await askOnce("caps-default", recordingModel(seen));
    await askOnce("caps-long", recordingModel(seen));
    expect(seen).toEqual([DEFAULT_MAX_OUTPUT_TOKENS, 8_000]);
    expect(DEFAULT_MAX_OUTPUT_TOKENS).toBe(1_024);
  });

  it("refuses a setting outside 64–32,768", async () => {
    for (const maxOutputTokens of [0, 63, 32_769, 1.5]) {
      const response = await adminFetch("/agents/caps-bad", {
        method: "PUT",
        json: { name: "Bad", personality: "friendly", greeting: "Hi", settings: { maxOutputTokens } },
      });
      expect(response.status, String(maxOutputTokens)).toBe(400);
    }
  });
});

describe("the daily token budget", () => {
  it("counts what the model reports, and once spent sends new turns to a person", async () => {
    const AGENT = "caps-budget";
    await lifecycleAgent(AGENT, {});
    const controls = await adminFetch(`/agents/${AGENT}/controls`, {
      method: "PUT",
      json: { enabled: true, dailyTokenLimit: 50 },
    });
    expect(controls.status).toBe(200);
    expect(((await controls.json()) as { dailyTokenLimit: number }).dailyTokenLimit).toBe(50);
    expect((await usage(AGENT)).tokens).toMatchObject({ used: 0, dailyLimit: 50, remaining: 50 });

    const { conversationId, visitorToken } = await startConversation(AGENT);
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m-1", text: "Do you ship abroad?" });
    await socket.waitForReplies(1); // the budget was not spent yet: the agent answers
    const afterFirst = (await usage(AGENT)).tokens;
    expect(afterFirst.used).toBeGreaterThan(50); // the offline model reports its prompt and answer in words
    expect(afterFirst.remaining).toBe(0);

    socket.send({ type: "message", id: "m-2", text: "How long does delivery take?" });
    const events = await socket.waitFor((all) => statuses(all).some((s) => s.status === "waiting_for_human"));
    expect(events.filter((e) => e.type === "assistant_complete")).toHaveLength(1); // no second answer
    const rows = await database(env).select().from(handoffs).where(eq(handoffs.conversationId, conversationId));
    expect(rows.map((r) => r.reason)).toEqual(["budget_exhausted"]);
    expect((await usage(AGENT)).tokens.used).toBe(afterFirst.used); // no model was asked
    socket.close();
  });

  it("leaves preview alone, and refuses a limit that is not a positive whole number", async () => {
    const AGENT = "caps-preview";
    await lifecycleAgent(AGENT, {});
    await adminFetch(`/agents/${AGENT}/controls`, { method: "PUT", json: { enabled: true, dailyTokenLimit: 1 } });
    const preview = await adminFetch(`/agents/${AGENT}/preview`, {
      method: "POST",
      json: { message: "Do you ship abroad?" },
    });
    expect(((await preview.json()) as { answer: string }).answer.length).toBeGreaterThan(0);
    expect((await usage(AGENT)).tokens.used).toBe(0);
    for (const dailyTokenLimit of [0, -5, 2.5, "many"]) {
      const response = await adminFetch(`/agents/${AGENT}/controls`, {
        method: "PUT",
        json: { enabled: true, dailyTokenLimit },
      });
      expect(response.status, String(dailyTokenLimit)).toBe(400);
    }
  });
});
