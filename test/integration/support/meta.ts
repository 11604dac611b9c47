/**
 * Helpers for the WhatsApp and Messenger tests: deploy an agent on a channel whose Graph API is the
 * loopback receiver (`/graph/<unique>`), sign and post webhook deliveries as Meta does, build
 * Meta's payloads, and read back what the Worker sent to the fake Graph API.
 */
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { metaSignature } from "../../../worker/channels/meta/signature";
import { adminFetch, TEST_ORIGIN } from "../helpers/seed";
import { deliveries } from "./mailbox";

export type MetaChannel = "whatsapp" | "messenger";
export const APP_SECRET = "meta-app-secret-1234";
export const VERIFY_TOKEN = "meta-verify-token-1234";
export const ACCESS_TOKEN = "EAAG-meta-access-token-5678";

export type MetaDeployment = { id: string; address: string; graphPrefix: string; channel: MetaChannel };

/**
 * The ending of an id the fake Graph API never fails: none of its failure endings (graph-failures.ts) ends in 1,
 * and an id left to chance could end in one (4 in 1,000), failing its test now and then.
 */
const NEVER_FAILS = "1";

/** A unique numeric id (a phone number id, page id, wa_id or PSID); `ending` picks the fake Graph API's failure. */
export const numericId = (ending = NEVER_FAILS): string =>
  `${Date.now()}${Math.floor(Math.random() * 1e6)
    .toString()
    .padStart(6, "0")}${ending}`;

/** Deploys `agentId` on a channel whose Graph API is the loopback receiver under a path of its own. */
export async function deployMeta(
  channel: MetaChannel,
  agentId: string,
  overrides: Record<string, string> = {},
): Promise<MetaDeployment> {
  const address = numericId();
  const graphPrefix = `/graph/${channel}-${address}`;
  const response = await adminFetch(`/agents/${agentId}/channels`, {
    method: "POST",
    json: {
      channel,
      address,
      graphBaseUrl: `${env.WEBHOOK_RECEIVER_URL}${graphPrefix}`,
      accessToken: ACCESS_TOKEN,
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
      ...overrides,
    },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  return { id, address, graphPrefix, channel };
}

export const webhookPath = (d: { channel: MetaChannel; id: string }) => `/v1/channels/${d.channel}/${d.id}/webhook`;

/** POSTs `body` (a string is sent byte for byte) signed with `secret`, or with the given signature header (null: none). */
export async function postWebhook(
  d: { channel: MetaChannel; id: string },
  body: unknown,
  sign: { secret?: string; signature?: string | null } = {},
): Promise<Response> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const headers = new Headers({ "content-type": "application/json" });
  const signature =
    sign.signature === undefined
      ? await metaSignature(sign.secret ?? APP_SECRET, new TextEncoder().encode(raw))
      : sign.signature;
  if (signature !== null) headers.set("x-hub-signature-256", signature);
  return exports.default.fetch(new Request(`${TEST_ORIGIN}${webhookPath(d)}`, { method: "POST", headers, body: raw }));
}

export const handshake = (d: { channel: MetaChannel; id: string }, query: string): Promise<Response> =>
  exports.default.fetch(new Request(`${TEST_ORIGIN}${webhookPath(d)}?${query}`));

/** A WhatsApp Cloud API delivery of `messages` to `phoneNumberId`. */
export const whatsappDelivery = (phoneNumberId: string, messages: unknown[]) => ({
  object: "whatsapp_business_account",
  entry: [
    {
      id: "waba-1",
      changes: [
        {
          field: "messages",
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: "15550001111", phone_number_id: phoneNumberId },
            contacts: [{ profile: { name: "Visitor" }, wa_id: "x" }],
            messages,
          },
        },
      ],
    },
  ],
});

export const whatsappText = (from: string, id: string, body: string) => ({
  from,
  id,
  timestamp: "1733390000",
  type: "text",
  text: { body },
});

/** A Messenger delivery of `events` to `pageId`. */
export const messengerDelivery = (pageId: string, events: unknown[]) => ({
  object: "page",
  entry: [{ id: pageId, time: 1733390000000, messaging: events }],
});

export const messengerText = (pageId: string, psid: string, mid: string, text: string) => ({
  sender: { id: psid },
  recipient: { id: pageId },
  timestamp: 1733390000000,
  message: { mid, text },
});

export type GraphCall = {
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  status: number;
};

/** What the Worker POSTed to the fake Graph API at `path` (under the deployment's prefix), oldest first. */
export async function graphCalls(d: MetaDeployment, path: string): Promise<GraphCall[]> {
  return (await deliveries(`${d.graphPrefix}${path}`)).map((call) => ({
    ...call,
    body: JSON.parse(call.body) as Record<string, unknown>,
  }));
}

/** The conversation the channel's address is in (the newest). */
export async function conversationOf(address: string): Promise<string | null> {
  const row = await env.DB.prepare("SELECT id FROM conversations WHERE channel_address = ? ORDER BY created_at DESC")
    .bind(address)
    .first<{ id: string }>();
  return row?.id ?? null;
}
