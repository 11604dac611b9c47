/**
 * When the agent is not on duty — off by working hours, paused, or out of credits — new
 * conversations go to people (with the reason recorded) and the widget drops "Powered by AI";
 * conversations the agent already has carry on. Resolved conversations are charged once.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getAgent } from "../../worker/db/agents";
import { database } from "../../worker/db/client";
import { agentAvailability } from "../../worker/handoff/availability";
import { chargeResolvedConversation, creditUsage } from "../../worker/lifecycle/credits";
import { agentControls } from "../../worker/db/schema";
import { READ_TTL_MS } from "../../worker/db/read-cache";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation, workerFetch } from "./support/chat-client";
import { handoffReasons } from "./support/turn-queue";
import { completes, conversationStub, hasSystem, lifecycleAgent, statuses } from "./support/lifecycle";

async function putControls(agentId: string, controls: Record<string, unknown>): Promise<void> {
  const response = await adminFetch(`/agents/${agentId}/controls`, { method: "PUT", json: controls });
  expect(response.status, await response.clone().text()).toBe(200);
}

async function poweredByAi(agentId: string): Promise<boolean> {
  const response = await workerFetch(`/v1/agents/${agentId}/widget-config`);
  return ((await response.json()) as { poweredByAi: boolean }).poweredByAi;
}

async function firstMessage(agentId: string, text = "What are your opening hours?") {
  const { conversationId, visitorToken } = await startConversation(agentId, undefined, false);
  const socket = await ChatSocket.open(conversationId, visitorToken);
  socket.send({ type: "message", id: "m1", text });
  return { conversationId, visitorToken, socket };
}

describe("when the agent is not on duty", () => {
  it("off duty by working hours: the first message goes to a person with reason off_duty", async () => {
    const closedAllWeek = { mode: "specific_hours", timeZone: "Europe/Copenhagen", days: {} };
    await lifecycleAgent("duty-off", {
      channels: { live_chat: { workingHours: closedAllWeek } },
      handoff: { expectedResponse: "on Monday morning" },
    });
    expect(await poweredByAi("duty-off")).toBe(false);
    const { conversationId, socket } = await firstMessage("duty-off");
    await socket.waitFor(hasSystem("off_duty"));
    expect(statuses(socket.events)[0]).toMatchObject({ status: "bot", poweredByAi: false }); // never shown as AI-answered
    expect(statuses(socket.events).at(-1)).toMatchObject({ status: "waiting_for_human", poweredByAi: false });
    expect(completes(socket.events)).toHaveLength(0);
    expect(await handoffReasons(conversationId)).toEqual(["off_duty"]);
    socket.close();
  });

  it("reads the controls the isolate keeps for a few seconds; a change through the admin API counts at once", async () => {
    await lifecycleAgent("duty-kept", {});
    const agent = (await getAgent(database(env), "duty-kept"))!;
    const now = Date.now();
    expect(await agentAvailability(env, agent, "live_chat", now)).toEqual({ assigned: true });
    // Paused straight in D1, as another isolate's write would be: seen once the kept read is older than the TTL.
    const paused = { agentId: agent.id, enabled: false, updatedAt: now };
    await database(env)
      .insert(agentControls)
      .values(paused)
      .onConflictDoUpdate({ target: agentControls.agentId, set: paused });
    expect(await agentAvailability(env, agent, "live_chat", now + 1)).toEqual({ assigned: true });
    const later = now + READ_TTL_MS;
    expect(await agentAvailability(env, agent, "live_chat", later)).toEqual({ assigned: false, reason: "paused" });
    await putControls(agent.id, { enabled: true });
    expect(await agentAvailability(env, agent, "live_chat", later + 1)).toEqual({ assigned: true });
  });

  it("all hours, and outside_specific_hours with no hours set, keep the agent on duty", async () => {
    await lifecycleAgent("duty-on", {
      channels: { live_chat: { workingHours: { mode: "outside_specific_hours", timeZone: "UTC", days: {} } } },
    });
    expect(await poweredByAi("duty-on")).toBe(true);
    const { socket } = await firstMessage("duty-on");
    await socket.waitForReplies(1);
    socket.close();
  });

  it("paused: existing conversations continue, new ones go to a person (reason paused)", async () => {
    await lifecycleAgent("pausable", {});
    const existing = await firstMessage("pausable");
    await existing.socket.waitForReplies(1);

    await putControls("pausable", { enabled: false });
    expect(await poweredByAi("pausable")).toBe(false);
    existing.socket.send({ type: "message", id: "m2", text: "Do you ship to Norway?" });
    await existing.socket.waitForReplies(2); // the agent finishes what it has

    const fresh = await firstMessage("pausable");
    await fresh.socket.waitFor(hasSystem("off_duty"));
    expect(await handoffReasons(fresh.conversationId)).toEqual(["paused"]);

    await putControls("pausable", { enabled: true });
    expect(await poweredByAi("pausable")).toBe(true);
    existing.socket.close();
    fresh.socket.close();
  });

  it("credits: a resolved conversation is charged once; when none are left the agent pauses until the allowance is raised", async () => {
    await lifecycleAgent("metered", {});
    await putControls("metered", { enabled: true, monthlyCredits: 1, creditResetDay: 1, creditsPerResolution: 1 });
    const resolved = await firstMessage("metered");
    await resolved.socket.waitForReplies(1);
    const stub = conversationStub(resolved.conversationId);
    // Close it as staff would (no person was involved: the outcome stays "resolved").
    await stub.closeByStaff("nobody");
    await stub.closeByStaff("nobody");
    const usage = (await (await adminFetch("/agents/metered/usage")).json()) as {
      used: number;
      allowance: number;
      remaining: number;
    };
    expect(usage).toMatchObject({ used: 1, allowance: 1, remaining: 0 });

    const next = await firstMessage("metered");
    await next.socket.waitFor(hasSystem("off_duty"));
    expect(statuses(next.socket.events)[0]).toMatchObject({ poweredByAi: false }); // the widget drops the AI disclosure at once
    expect(await handoffReasons(next.conversationId)).toEqual(["out_of_credits"]);

    await putControls("metered", { enabled: true, monthlyCredits: 5, creditResetDay: 1, creditsPerResolution: 1 });
    expect(await poweredByAi("metered")).toBe(true);
    const after = await firstMessage("metered");
    await after.socket.waitForReplies(1);
    for (const socket of [resolved.socket, next.socket, after.socket]) socket.close();
  });

  it("credits: the allowance comes back at the reset day in the agent's time zone", async () => {
    await lifecycleAgent("metered-reset", { timeZone: "Europe/Copenhagen" });
    await putControls("metered-reset", {
      enabled: true,
      monthlyCredits: 1,
      creditResetDay: 10,
      creditsPerResolution: 1,
    });
    const agent = await getAgent(database(env), "metered-reset");
    if (!agent) throw new Error("agent missing");
    const beforeReset = Date.parse("2026-12-09T22:30:00Z"); // 23:30 on 9 December in Copenhagen
    const afterReset = Date.parse("2026-12-09T23:00:00Z"); // midnight, 10 December in Copenhagen
    await chargeResolvedConversation(env, {
      agentId: agent.id,
      conversationId: "c_reset_test_conversation_1",
      now: beforeReset,
    });
    expect(await agentAvailability(env, agent, "live_chat", beforeReset)).toEqual({
      assigned: false,
      reason: "out_of_credits",
    });
    expect(await agentAvailability(env, agent, "live_chat", afterReset)).toEqual({ assigned: true });
    expect(await creditUsage(env, agent.id, "Europe/Copenhagen", afterReset)).toMatchObject({
      period: "2026-12-10",
      used: 0,
      remaining: 1,
    });
  });

  it("credits: preview answers never consume any", async () => {
    await lifecycleAgent("metered-preview", {});
    await putControls("metered-preview", {
      enabled: true,
      monthlyCredits: 1,
      creditResetDay: 1,
      creditsPerResolution: 1,
    });
    for (const message of ["What are your opening hours?", "Do you ship to Norway?"]) {
      const response = await adminFetch("/agents/metered-preview/preview", { method: "POST", json: { message } });
      expect(response.status).toBe(200);
    }
    expect(await (await adminFetch("/agents/metered-preview/usage")).json()).toMatchObject({ used: 0, remaining: 1 });
    expect(await poweredByAi("metered-preview")).toBe(true);
  });
});
