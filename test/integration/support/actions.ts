/**
 * Agents with actions against the loopback owner's API (test/node/action-api.ts), conversations
 * whose Durable Object may reach it (and, for scripted generative models, the loopback model), and
 * what the API received.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import type { ConversationDO } from "../../../durable-objects/conversation/conversation";
import { startConversation } from "./chat-client";
import { createTestAgent, SHOP_ANSWERS, type ShortAnswer } from "./fixtures";
import { conversationStub } from "./lifecycle";
import { visitorTalk } from "./crm";

declare module "vitest" {
  export interface ProvidedContext {
    actionApiUrl: string;
  }
}

export type ApiRequest = { method: string; url: string; headers: Record<string, string>; body: string };

export const actionApi = (): string => inject("actionApiUrl");

/** What the loopback API received under `key`, oldest first. */
export async function apiRequests(key: string): Promise<ApiRequest[]> {
  return (await (await fetch(`${actionApi()}/__requests?key=${encodeURIComponent(key)}`)).json()) as ApiRequest[];
}

const orderNumber = {
  name: "order_number",
  label: "Order number",
  type: "text",
  required: true,
  pattern: "\\d{4,8}",
  instructions: "the 4 to 8 digits on your receipt",
};

/** A read action: the order's status and carrier from `GET <api>/<key>/order/<number>`. */
export const lookupOrder = (key: string, extra: Record<string, unknown> = {}) => ({
  id: `act_lookup_${key}`.slice(0, 44),
  name: "lookup_order",
  description: "Look up where an order is and how it ships.",
  triggerPhrases: ["where is my order", "track my order"],
  inputs: [orderNumber],
  request: { method: "GET", url: `${actionApi()}/${key}/order/{{order_number}}`, headers: {} },
  auth: { kind: "none" },
  protection: "none",
  risk: "read",
  response: {
    fields: [
      { path: "$.order.status", label: "Status" },
      { path: "$.order.shipment.carrier", label: "Carrier" },
    ],
  },
  timeoutMs: 5_000,
  enabled: true,
  ...extra,
});

/** A write action: `POST <api>/<key>/echo/cancel` with the order number in a JSON body. */
export const cancelOrder = (key: string) => ({
  id: `act_cancel_${key}`.slice(0, 44),
  name: "cancel_order",
  description: "Cancel an order that has not shipped yet.",
  triggerPhrases: ["cancel my order"],
  inputs: [orderNumber],
  request: {
    method: "POST",
    url: `${actionApi()}/${key}/echo/cancel`,
    headers: {},
    body: '{"order":"{{order_number}}"}',
  },
  auth: { kind: "none" },
  protection: "none",
  risk: "write",
  response: { fields: [{ path: "$.method", label: "Request" }] },
  timeoutMs: 5_000,
  enabled: true,
});

export async function actionAgent(
  id: string,
  actions: unknown[],
  settings: Record<string, unknown> = {},
  answers: ShortAnswer[] = SHOP_ANSWERS,
): Promise<void> {
  await createTestAgent(id, answers, { channels: { live_chat: { emailCapture: "never" } }, actions, ...settings });
}

/** A conversation whose object may reach the loopback API, answered by the scripted model under `route` (or offline). */
export async function actionChat(agentId: string, route?: string) {
  const started = await startConversation(agentId);
  const reach: Partial<Env> = {
    ALLOW_LOOPBACK_FETCH: `${env.ALLOW_LOOPBACK_FETCH},${new URL(actionApi()).host}`,
    ...(route ? { OPENAI_API_KEY: "test-key", OPENAI_BASE_URL: `${inject("openaiLoopbackUrl")}${route}` } : {}),
  };
  await runInDurableObject(conversationStub(started.conversationId), (instance: ConversationDO) => {
    Object.assign(instance, { env: { ...env, ...reach } });
  });
  return visitorTalk(started, agentId);
}

/** The conversation's logged action calls (staff see them; the visitor's socket never gets them). */
export async function actionCalls(conversationId: string) {
  const events = await conversationStub(conversationId).events();
  return events.flatMap((e) => (e.type === "action_call" ? [e] : []));
}
