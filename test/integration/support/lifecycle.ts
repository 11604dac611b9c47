/** Helpers for lifecycle tests: agents with lifecycle settings (saved through the admin API), and reading events. */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { database } from "../../../worker/db/client";
import { shortAnswers } from "../../../worker/db/schema";
import type { LoggedEvent, ServerEvent, SystemMessageKind } from "../../../worker/protocol/events";
import { adminFetch } from "../helpers/seed";
import { SHOP_ANSWERS } from "./fixtures";

/**
 * Saves and publishes an agent with these settings through the admin API (so they pass its validation) and gives it the
 * shop's short answers.
 */
export async function lifecycleAgent(id: string, settings: Record<string, unknown>): Promise<void> {
  const response = await adminFetch(`/agents/${id}`, {
    method: "PUT",
    json: { name: `Agent ${id}`, personality: "friendly", greeting: "Hello!", settings },
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  // Saving an agent that exists already makes a draft; these tests want the settings live.
  if (((await response.json()) as { draft: unknown }).draft)
    expect((await adminFetch(`/agents/${id}/publish`, { method: "POST" })).status).toBe(200);
  const now = Date.now();
  for (const [i, { question, answer }] of SHOP_ANSWERS.entries()) {
    await database(env)
      .insert(shortAnswers)
      .values({ id: `sa_${id}_${i}`, agentId: id, question, answer, createdAt: now, updatedAt: now })
      .onConflictDoNothing();
  }
}

export const systemKinds = (events: ServerEvent[]): SystemMessageKind[] =>
  events.flatMap((e) => (e.type === "system_message" ? [e.kind] : []));
export const statuses = (events: ServerEvent[]) => events.flatMap((e) => (e.type === "status" ? [e] : []));
export const completes = (events: ServerEvent[]) => events.flatMap((e) => (e.type === "assistant_complete" ? [e] : []));
export const hasSystem =
  (kind: SystemMessageKind, count = 1) =>
  (events: ServerEvent[]) =>
    systemKinds(events).filter((k) => k === kind).length >= count;
export const conversationStub = (conversationId: string) =>
  env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId));
export const loggedEvents = async (conversationId: string): Promise<LoggedEvent[]> =>
  conversationStub(conversationId).events(0);
