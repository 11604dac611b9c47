/**
 * Handoff notifications: a signed JSON POST to the agent's webhook URL on every handoff, for
 * external help desks and chat tools. The bytes signed are the bytes sent; the request goes
 * through the one outbound-fetch guard (no private addresses, redirects not followed); network
 * errors, 429 and 5xx are retried a few times with backoff. Delivery never throws.
 */
import { agentSecret, WEBHOOK_SIGNING } from "../db/agent-secrets";
import { getAgent } from "../db/agents";
import { database } from "../db/client";
import { ApiError } from "../lib/errors";
import type { HandoffReason } from "../db/schema";
import { safeFetch, SafeFetchError } from "../lib/safe-fetch";
import { handoffSettings } from "./settings";
import { SIGNATURE_HEADER, signWebhook } from "./webhook-signature";

const ATTEMPTS = 3; // a blip is retried; an endpoint that is down is reported, not hammered
const BACKOFF_MS = [250, 1_000]; // waits before the 2nd and 3rd attempts
const TIMEOUT_MS = 5_000; // receivers should acknowledge at once and work later
const MAX_RESPONSE_BYTES = 64 * 1024; // the answer is only read for its status

export type HandoffWebhookEvent = {
  type: "conversation.handoff";
  /** The handoff id; receivers de-duplicate retried deliveries by it. */
  id: string;
  createdAt: number;
  agentId: string;
  conversationId: string;
  reason: HandoffReason;
  detail: string | null;
  routedTo: { staffId: string; teamId?: string } | null;
  fallback: boolean;
  visitor: { id: string; email?: string };
};

export type DeliveryResult = { ok: boolean; attempts: number; status?: number; error?: string };

const retryable = (status: number): boolean => status === 429 || status >= 500;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function deliverWebhook(
  env: Pick<Env, "ALLOW_LOOPBACK_FETCH">,
  input: { url: string; secret: string; event: HandoffWebhookEvent },
): Promise<DeliveryResult> {
  const body = JSON.stringify(input.event);
  let last: DeliveryResult = { ok: false, attempts: 0, error: "not sent" };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (attempt > 1) await wait(BACKOFF_MS[attempt - 2] ?? 1_000);
    const headers = {
      "content-type": "application/json",
      "frontdesk-event": input.event.type,
      "frontdesk-delivery": input.event.id,
      [SIGNATURE_HEADER.toLowerCase()]: await signWebhook(input.secret, body),
    };
    try {
      const response = await safeFetch(env, input.url, {
        post: { body, headers },
        timeoutMs: TIMEOUT_MS,
        maxBytes: MAX_RESPONSE_BYTES,
      });
      if (response.status >= 200 && response.status < 300)
        return { ok: true, attempts: attempt, status: response.status };
      last = { ok: false, attempts: attempt, status: response.status, error: `HTTP ${response.status}` };
      if (!retryable(response.status)) return last;
    } catch (error) {
      if (error instanceof SafeFetchError && (error.code === "bad_url" || error.code === "blocked_address"))
        return { ok: false, attempts: attempt, error: error.message };
      last = { ok: false, attempts: attempt, error: error instanceof Error ? error.message : String(error) };
    }
  }
  return last;
}

/** Delivers a handoff event to the agent's webhook; the status for `handoffs.webhook_status`, or null when none is configured. */
export async function sendHandoffWebhook(
  env: Env,
  agentId: string,
  event: HandoffWebhookEvent,
): Promise<string | null> {
  const agent = await getAgent(database(env), agentId);
  const url = agent ? handoffSettings(agent.settings).webhookUrl : null;
  if (!url) return null;
  let secret: string;
  try {
    secret = await agentSecret(env, agentId, WEBHOOK_SIGNING);
  } catch (error) {
    // SECRETS_KEY missing or the stored secret unreadable: nothing is sent unsigned; the status says why.
    if (!(error instanceof ApiError)) throw error;
    console.error(`handoff webhook for agent ${agentId} not sent: ${error.message}`);
    return `failed: ${error.message}`.slice(0, 300);
  }
  const result = await deliverWebhook(env, { url, secret, event });
  return result.ok ? "sent" : `failed: ${result.error ?? "unknown"}`.slice(0, 300);
}
