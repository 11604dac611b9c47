/**
 * Helpers for custom-channel tests: deploy a custom channel whose replies go to the loopback
 * webhook receiver, send it signed requests as an integration would, and read what the receiver got.
 */
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { signWebhook } from "../../../worker/handoff/webhook-signature";
import { adminFetch } from "../helpers/seed";

export type Received = { path: string; headers: Record<string, string>; body: string; status: number };
export type CustomDeployment = { id: string; address: string; signingSecret: string; path: string };

/** Deploys a custom channel for `agentId` delivering to the receiver at `path` (unique per test). */
export async function deployCustom(agentId: string, path: string): Promise<CustomDeployment> {
  const response = await adminFetch(`/agents/${agentId}/channels`, {
    method: "POST",
    json: { channel: "custom", deliveryUrl: `${env.WEBHOOK_RECEIVER_URL}${path}` },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const created = (await response.json()) as { id: string; address: string; signingSecret: string };
  return { ...created, path };
}

/** POSTs `body` to one of the channel's endpoints, signed with `secret` at `nowMs` unless a header is given. */
export async function postSigned(
  channelId: string,
  endpoint: "messages" | "assign",
  body: unknown,
  options: { secret?: string; nowMs?: number; signature?: string | null; raw?: string } = {},
): Promise<Response> {
  const raw = options.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json" };
  const signature =
    options.signature !== undefined
      ? options.signature
      : await signWebhook(options.secret ?? "", raw, options.nowMs ?? Date.now());
  if (signature !== null) headers["frontdesk-signature"] = signature;
  return exports.default.fetch(
    new Request(`http://frontdesk.test/v1/channels/${channelId}/${endpoint}`, { method: "POST", headers, body: raw }),
  );
}

/** What the receiver got at `path`, oldest first. */
export async function receivedAt(path: string): Promise<Received[]> {
  return (await fetch(`${env.WEBHOOK_RECEIVER_URL}/__deliveries?path=${encodeURIComponent(path)}`)).json();
}
