/**
 * Preview and batch tests show the action the agent would start or call, with its inputs: they
 * never call a write action, and call a read action only when the request asks for it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { previewAnswer } from "../../worker/agent/preview-answer";
import { getDraftAgent } from "../../worker/db/agents";
import { database } from "../../worker/db/client";
import { adminFetch } from "./helpers/seed";
import { actionAgent, actionApi, apiRequests, cancelOrder, lookupOrder } from "./support/actions";

type Preview = {
  answer: string;
  action: { name: string; risk: string; inputs: Record<string, string>; asks: string | null; called: boolean } | null;
};

async function preview(agentId: string, message: string, callReadActions?: boolean): Promise<Preview> {
  const response = await adminFetch(`/agents/${agentId}/preview`, {
    method: "POST",
    json: { message, ...(callReadActions === undefined ? {} : { callReadActions }) },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Preview;
}

describe("actions in preview and batch tests", { timeout: 30_000 }, () => {
  it("shows the action with its inputs without calling it, and calls a read action only when asked", async () => {
    await actionAgent("act-preview-read", [lookupOrder("preview-read")]);
    const shown = await preview("act-preview-read", "where is my order 1234?");
    expect(shown.action).toMatchObject({
      name: "lookup_order",
      risk: "read",
      inputs: { order_number: "1234" },
      called: false,
    });
    expect(await apiRequests("preview-read")).toEqual([]);

    const missing = await preview("act-preview-read", "where is my order?");
    expect(missing.action).toMatchObject({ asks: "Order number", called: false });
    expect(missing.answer).toMatch(/What is your order number\?/);

    // The preview route answers with the Worker's env, whose fetch guard refuses the loopback API:
    // the answer itself is asked with an env that may reach it.
    const agent = (await getDraftAgent(database(env), "act-preview-read"))!.agent;
    const reach = { ...env, ALLOW_LOOPBACK_FETCH: new URL(actionApi()).host };
    const called = await previewAnswer(reach, agent, "where is my order 1234?", { callReadActions: true });
    expect(called.action).toMatchObject({ called: true, result: { ok: true, status: 200 } });
    expect(called.answer).toContain("Status: shipped");
    expect(await apiRequests("preview-read")).toHaveLength(1);
  });

  it("never calls a write action, even when read actions may be called", async () => {
    await actionAgent("act-preview-write", [cancelOrder("preview-write")]);
    const agent = (await getDraftAgent(database(env), "act-preview-write"))!.agent;
    const reach = { ...env, ALLOW_LOOPBACK_FETCH: new URL(actionApi()).host };
    const shown = await previewAnswer(reach, agent, "cancel my order 4321", { callReadActions: true });
    expect(shown.action).toMatchObject({
      name: "cancel_order",
      risk: "write",
      inputs: { order_number: "4321" },
      called: false,
    });
    expect(shown.answer).toMatch(/Shall I go ahead/);
    expect(await apiRequests("preview-write")).toEqual([]);
  });

  it("a batch test checks which action a question starts, calling nothing", async () => {
    await actionAgent("act-preview-batch", [lookupOrder("preview-batch"), cancelOrder("preview-batch")]);
    const response = await adminFetch("/agents/act-preview-batch/tests", {
      method: "POST",
      json: {
        questions: [
          { question: "track my order 5555", expectAction: "lookup_order" },
          { question: "cancel my order 5555", expectAction: "cancel_order" },
          { question: "Do you ship to Norway?", expectAction: "lookup_order" },
        ],
      },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: Array<{ passed: boolean; action: Preview["action"] }> };
    expect(body.results.map((r) => r.passed)).toEqual([true, true, false]);
    expect(body.results[2]!.action).toBeNull();
    expect(await apiRequests("preview-batch")).toEqual([]);
  });
});
