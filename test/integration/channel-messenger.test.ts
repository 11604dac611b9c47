/**
 * The Messenger channel end to end, with the loopback receiver as the Graph API: the handshake,
 * signed deliveries, echoes/deliveries/reads left out, one turn per `mid` however often it comes,
 * the answer sent to `/me/messages` as a RESPONSE with the page token (and seen + typing), a long
 * answer in pieces of at most 2,000 characters, attachments answered with the text-only line and
 * kept, and outbound failures retried or given up on.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { MESSENGER_MAX_TEXT_CHARS } from "../../worker/channels/messenger/channel";
import { deliverOutboxMessage, MAX_DELIVERY_ATTEMPTS } from "../../worker/channels/outbox";
import { adminFetch } from "./helpers/seed";
import { createTestAgent, SHOP_ANSWERS } from "./support/fixtures";
import { loggedEvents } from "./support/lifecycle";
import {
  ACCESS_TOKEN,
  conversationOf,
  deployMeta,
  graphCalls,
  handshake,
  messengerDelivery,
  messengerText,
  numericId,
  postWebhook,
  VERIFY_TOKEN,
  type MetaDeployment,
} from "./support/meta";

const AGENT = "fb-agent";
const LONG_QUESTION = "Tell me the whole story of the shop";
const LONG_ANSWER = Array.from(
  { length: 60 },
  (_, i) => `Sentence number ${String(i + 1).padStart(3, "0")} of the long story of our shop.`,
).join(" "); // about 3,100 characters: two Messenger messages
const QUEUE_WAIT = { timeout: 15_000, interval: 100 };

let fb: MetaDeployment;

beforeAll(async () => {
  await createTestAgent(AGENT, [...SHOP_ANSWERS, { question: LONG_QUESTION, answer: LONG_ANSWER }]);
  fb = await deployMeta("messenger", AGENT);
});

const textsTo = async (psid: string) =>
  (await graphCalls(fb, "/me/messages")).filter(
    (c) => (c.body.recipient as { id?: string } | undefined)?.id === psid && c.body.message !== undefined,
  );
const textOf = (call: { body: Record<string, unknown> }) => (call.body.message as { text: string }).text;

describe("Messenger webhook", () => {
  it("answers the handshake for the right token only", async () => {
    const ok = await handshake(fb, `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("42");
    expect((await handshake(fb, "hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=42")).status).toBe(403);
    // A Messenger deployment is not reachable on the WhatsApp path.
    const crossed = await handshake(
      { channel: "whatsapp", id: fb.id },
      `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42`,
    );
    expect(crossed.status).toBe(404);
  });

  it("refuses unsigned or wrongly signed deliveries", async () => {
    const psid = numericId();
    const delivery = messengerDelivery(fb.address, [messengerText(fb.address, psid, `m_${psid}`, "Hi")]);
    expect((await postWebhook(fb, delivery, { signature: null })).status).toBe(401);
    expect((await postWebhook(fb, delivery, { secret: "not-the-app-secret" })).status).toBe(401);
    expect(await conversationOf(psid)).toBeNull();
  });

  it("answers once per mid, as a RESPONSE with the page token, after seen and typing", async () => {
    const psid = numericId();
    const delivery = messengerDelivery(fb.address, [
      messengerText(fb.address, psid, `m_${psid}`, "Do you offer gift cards?"),
      // Echoes of the page's own messages, deliveries and reads carry nothing for the agent.
      {
        sender: { id: fb.address },
        recipient: { id: psid },
        message: { mid: `m_echo${psid}`, text: "x", is_echo: true },
      },
      { sender: { id: psid }, recipient: { id: fb.address }, delivery: { mids: ["m_1"], watermark: 1 } },
      { sender: { id: psid }, recipient: { id: fb.address }, read: { watermark: 1 } },
    ]);
    const first = await postWebhook(fb, delivery);
    expect(await first.json()).toEqual({ ok: true, taken: 1 });
    expect((await postWebhook(fb, delivery)).status).toBe(200);

    await vi.waitFor(async () => expect(await textsTo(psid)).toHaveLength(1), QUEUE_WAIT);
    const [sent] = await textsTo(psid);
    expect(sent?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(sent?.body).toMatchObject({ recipient: { id: psid }, messaging_type: "RESPONSE" });
    expect(textOf(sent ?? { body: {} })).toContain("Gift cards are available in the online shop.");
    const actions = (await graphCalls(fb, "/me/messages")).flatMap((c) =>
      (c.body.recipient as { id: string }).id === psid && c.body.sender_action ? [c.body.sender_action] : [],
    );
    expect(actions).toEqual(expect.arrayContaining(["mark_seen", "typing_on"]));
    const events = await loggedEvents((await conversationOf(psid)) ?? "");
    expect(events.filter((e) => e.type === "visitor_message")).toHaveLength(1);
  });

  it("sends a long answer in pieces of at most 2,000 characters", async () => {
    const psid = numericId();
    await postWebhook(fb, messengerDelivery(fb.address, [messengerText(fb.address, psid, `m_${psid}`, LONG_QUESTION)]));
    await vi.waitFor(async () => expect((await textsTo(psid)).length).toBeGreaterThanOrEqual(2), QUEUE_WAIT);
    const pieces = (await textsTo(psid)).map(textOf);
    expect(pieces).toHaveLength(2);
    expect(pieces.every((p) => p.length <= MESSENGER_MAX_TEXT_CHARS && p.startsWith("Sentence number"))).toBe(true);
    expect(pieces.join(" ")).toContain(LONG_ANSWER);
  });

  it("answers an attachment with the text-only line and keeps it for staff", async () => {
    const psid = numericId();
    const event = {
      sender: { id: psid },
      recipient: { id: fb.address },
      message: {
        mid: `m_att${psid}`,
        attachments: [{ type: "audio", payload: { url: "https://cdn.example/voice.mp4" } }],
      },
    };
    expect((await postWebhook(fb, messengerDelivery(fb.address, [event]))).status).toBe(200);
    await vi.waitFor(async () => expect(await textsTo(psid)).toHaveLength(1), QUEUE_WAIT);
    expect(textOf((await textsTo(psid))[0] ?? { body: {} })).toContain("I can only read text messages");
    const events = await loggedEvents((await conversationOf(psid)) ?? "");
    expect(events.find((e) => e.type === "visitor_message")).toMatchObject({
      text: "[audio] (id https://cdn.example/voice.mp4)",
    });
  });
});

describe("Messenger outbound failures", () => {
  it("retries a 500, gives up on a 400, and logs delivery_failed", async () => {
    const psid = numericId("500");
    await postWebhook(fb, messengerDelivery(fb.address, [messengerText(fb.address, psid, `m_${psid}`, "Hello")]));
    await vi.waitFor(async () => expect(await conversationOf(psid)).not.toBeNull());
    const conversationId = (await conversationOf(psid)) ?? "";
    const body = {
      deploymentId: fb.id,
      conversationId,
      seq: 800,
      kind: "answer",
      text: "Hi",
      sources: [],
      address: psid,
    };
    expect(await deliverOutboxMessage(env, body, 1)).toEqual({ retryAfterSeconds: 5 });
    expect(await deliverOutboxMessage(env, body, MAX_DELIVERY_ATTEMPTS)).toBe("done");
    expect(await deliverOutboxMessage(env, { ...body, seq: 801, address: numericId("400") }, 1)).toBe("done");
    const failed = (await loggedEvents(conversationId)).flatMap((e) => (e.type === "delivery_failed" ? [e] : []));
    expect(failed.map((e) => e.ofSeq)).toEqual([800, 801]);
    expect(failed[0]?.error).toContain("answered 500");
    expect(failed[1]?.error).toContain("answered 400");
  });

  it("tests the connection by reading the page", async () => {
    const response = await adminFetch(`/agents/${AGENT}/channels/${fb.id}/test`, { method: "POST" });
    expect(await response.json()).toEqual({ ok: true, detail: `Connected: the Graph API knows page ${fb.address}` });
  });
});
