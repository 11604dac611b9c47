/**
 * The custom channel's adapter: replies keep their Markdown and are POSTed, one line at a time, as
 * signed JSON to the deployment's delivery URL through the outbound-fetch guard. A 2xx is
 * delivered; a timeout, 429 or 5xx (or a network failure) is tried again by the outbox; any other
 * answer is final. The connection test sends a signed ping.
 */
import { SIGNATURE_HEADER, signWebhook } from "../../handoff/webhook-signature";
import { safeFetch, SafeFetchError } from "../../lib/safe-fetch";
import { CUSTOM } from "../../protocol/channels";
import { MAX_MESSAGE_CHARS } from "../../protocol/events";
import type { DeliveringChannel, Delivery } from "../channel";
import type { OpenDeployment } from "../deployments/store";
import { customDelivery, deliveryId } from "./wire";

const TIMEOUT_MS = 10_000; // receivers should acknowledge at once and work later
const MAX_RESPONSE_BYTES = 64 * 1024; // the answer is only read for its status
/** Answers a receiver may get over: a timeout, too many requests, its own failures. */
const retryable = (status: number): boolean => status === 408 || status === 429 || status >= 500;
/** Fetch refusals that no retry changes: the URL is not allowed, or the answer is too large. */
const FINAL_FETCH_ERRORS = new Set(["bad_url", "blocked_address", "too_large", "too_many_redirects"]);

type Posted = { status: number } | { error: string; retry: boolean };

/** POSTs `payload`, signed with the deployment's secret, to its delivery URL. */
async function postSigned(
  env: Env,
  deployment: OpenDeployment,
  payload: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<Posted> {
  const url = deployment.config.deliveryUrl;
  const secret = deployment.secrets.signingSecret;
  if (!url) return { error: "The channel has no delivery URL", retry: false };
  if (!secret) return { error: "The channel has no signing secret", retry: false };
  const body = JSON.stringify(payload);
  const headers = {
    "content-type": "application/json",
    [SIGNATURE_HEADER.toLowerCase()]: await signWebhook(secret, body),
    ...extraHeaders,
  };
  try {
    const response = await safeFetch(env, url, {
      post: { body, headers },
      timeoutMs: TIMEOUT_MS,
      maxBytes: MAX_RESPONSE_BYTES,
    });
    return { status: response.status };
  } catch (error) {
    if (error instanceof SafeFetchError) return { error: error.message, retry: !FINAL_FETCH_ERRORS.has(error.code) };
    return { error: error instanceof Error ? error.message : String(error), retry: true };
  }
}

export const customChannel: DeliveringChannel = {
  id: CUSTOM,
  capabilities: { streaming: false, formatting: "markdown", maxMessageChars: MAX_MESSAGE_CHARS, maxReplyChars: null },
  // The integration renders (or strips) the Markdown itself, and shows the sources as it likes.
  render: (reply) => reply,

  async deliver(env, deployment, outgoing): Promise<Delivery> {
    const posted = await postSigned(env, deployment, customDelivery(outgoing), {
      "idempotency-key": deliveryId(outgoing),
    });
    if ("error" in posted) return { ok: false, retry: posted.retry, error: posted.error };
    if (posted.status >= 200 && posted.status < 300) return { ok: true };
    return { ok: false, retry: retryable(posted.status), error: `The delivery URL answered HTTP ${posted.status}` };
  },

  async testConnection(env, deployment) {
    const posted = await postSigned(env, deployment, { kind: "ping" });
    if ("error" in posted) return { ok: false, detail: `The delivery URL could not be reached: ${posted.error}` };
    if (posted.status >= 200 && posted.status < 300)
      return { ok: true, detail: `The delivery URL accepted a signed ping (HTTP ${posted.status})` };
    return { ok: false, detail: `The delivery URL answered a signed ping with HTTP ${posted.status}` };
  },
};
