/**
 * The WhatsApp channel end to end, with the loopback receiver as the Graph API: Meta's handshake,
 * signed deliveries (and every way a signature can be wrong), one turn per message however often
 * Meta sends it, the answer sent with the right body and token (and marked read), a long answer in
 * pieces, media answered with the text-only line and kept for staff, and outbound failures retried
 * or given up on as the outbox decides.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { deliverOutboxMessage, MAX_DELIVERY_ATTEMPTS } from "../../worker/channels/outbox";
import { WHATSAPP_MAX_TEXT_CHARS } from "../../worker/channels/whatsapp/channel";
import { adminFetch } from "./helpers/seed";
import { createTestAgent, SHOP_ANSWERS } from "./support/fixtures";
import { loggedEvents } from "./support/lifecycle";
import {
  ACCESS_TOKEN,
  APP_SECRET,
  conversationOf,
  deployMeta,
  graphCalls,
  handshake,
  numericId,
  postWebhook,
  VERIFY_TOKEN,
  whatsappDelivery,
  whatsappText,
  type MetaDeployment,
} from "./support/meta";

const AGENT = "wa-agent";
const LONG_QUESTION = "Tell me the whole story of the shop";
/** Sentences of about 60 characters: an answer of about 10,400 in all, more than two WhatsApp messages. */
const LONG_ANSWER = Array.from(
  { length: 200 },
  (_, i) => `Sentence number ${String(i + 1).padStart(3, "0")} of the long story of our shop.`,
).join(" ");

/** The outbox is a queue: its consumer gets a batch after a short wait. */
const QUEUE_WAIT = { timeout: 15_000, interval: 100 };

let wa: MetaDeployment;

beforeAll(async () => {
  await createTestAgent(AGENT, [...SHOP_ANSWERS, { question: LONG_QUESTION, answer: LONG_ANSWER }]);
  wa = await deployMeta("whatsapp", AGENT);
});

const textsSent = async (d: MetaDeployment, to: string) =>
  (await graphCalls(d, `/${d.address}/messages`)).filter((c) => c.body.type === "text" && c.body.to === to);

describe("WhatsApp webhook handshake", () => {
  it("echoes the challenge for the right verify token, as text", async () => {
    const response = await handshake(
      wa,
      `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    expect(await response.text()).toBe("1158201444");
  });

  it("refuses a wrong token or missing parameters with 403, and an unknown deployment with 404", async () => {
    const wrong = await handshake(wa, "hub.mode=subscribe&hub.verify_token=not-the-token&hub.challenge=1");
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain(VERIFY_TOKEN);
    expect((await handshake(wa, `hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`)).status).toBe(403);
    expect((await handshake(wa, `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`)).status).toBe(403);
    expect((await handshake(wa, "")).status).toBe(403);
    const unknown = { channel: "whatsapp" as const, id: "dep_unknown" };
    expect(
      (await handshake(unknown, `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`)).status,
    ).toBe(404);
  });
});

describe("WhatsApp deliveries", () => {
  it("takes nothing from a delivery whose signature is missing, wrong or for another body", async () => {
    const from = numericId();
    const delivery = whatsappDelivery(wa.address, [whatsappText(from, `wamid.${from}`, "Do you ship to Norway?")]);
    expect((await postWebhook(wa, delivery, { signature: null })).status).toBe(401);
    expect((await postWebhook(wa, delivery, { secret: "another-app-secret" })).status).toBe(401);
    expect((await postWebhook(wa, delivery, { signature: "sha256=00" })).status).toBe(401);
    const raw = JSON.stringify(delivery);
    const { metaSignature } = await import("../../worker/channels/meta/signature");
    const signatureOfOriginal = await metaSignature(APP_SECRET, new TextEncoder().encode(raw));
    const altered = raw.replace("Norway", "Sweden");
    expect((await postWebhook(wa, altered, { signature: signatureOfOriginal })).status).toBe(401);
    expect(await conversationOf(from)).toBeNull();
    // The same body with its own signature is taken.
    expect((await postWebhook(wa, raw)).status).toBe(200);
    await vi.waitFor(async () => expect(await conversationOf(from)).not.toBeNull());
  });

  it("answers 404 for an unknown deployment and 200 with nothing taken for a signed body it cannot read", async () => {
    expect(
      (await postWebhook({ channel: "whatsapp", id: "dep_unknown" }, whatsappDelivery(wa.address, []))).status,
    ).toBe(404);
    const unreadable = await postWebhook(wa, { object: "whatsapp_business_account", entry: "nope" });
    expect(unreadable.status).toBe(200);
    expect(await unreadable.json()).toEqual({ ok: true, taken: 0 });
    const notJson = await postWebhook(wa, "{not json");
    expect(notJson.status).toBe(200);
  });

  it("answers once, with the right body and token, however often Meta sends the message", async () => {
    const from = numericId();
    const delivery = whatsappDelivery(wa.address, [whatsappText(from, `wamid.${from}`, "Do you ship to Norway?")]);
    for (let i = 0; i < 3; i++) expect((await postWebhook(wa, delivery)).status).toBe(200);

    await vi.waitFor(async () => expect(await textsSent(wa, from)).toHaveLength(1), QUEUE_WAIT);
    const [sent] = await textsSent(wa, from);
    expect(sent?.status).toBe(200);
    expect(sent?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(sent?.body).toMatchObject({
      messaging_product: "whatsapp",
      to: from,
      type: "text",
      text: { body: expect.stringContaining("Yes, we ship to Norway within three days."), preview_url: true },
    });
    // The visitor's message was marked read.
    await vi.waitFor(
      async () =>
        expect((await graphCalls(wa, `/${wa.address}/messages`)).map((c) => c.body)).toContainEqual({
          messaging_product: "whatsapp",
          status: "read",
          message_id: `wamid.${from}`,
        }),
      QUEUE_WAIT,
    );
    const reads = (await graphCalls(wa, `/${wa.address}/messages`)).filter(
      (c) => c.body.message_id === `wamid.${from}`,
    );
    expect(reads).toHaveLength(1); // a redelivery is not marked read again
    const conversationId = await conversationOf(from);
    const events = await loggedEvents(conversationId ?? "");
    expect(events.filter((e) => e.type === "visitor_message")).toHaveLength(1);
    expect(events.filter((e) => e.type === "assistant_complete")).toHaveLength(1);
  });

  it("sends a long answer in pieces of at most 4,096 characters, in order, cut between sentences", async () => {
    const from = numericId();
    await postWebhook(wa, whatsappDelivery(wa.address, [whatsappText(from, `wamid.${from}`, LONG_QUESTION)]));
    await vi.waitFor(async () => expect((await textsSent(wa, from)).length).toBeGreaterThanOrEqual(3), QUEUE_WAIT);
    const pieces = (await textsSent(wa, from)).map((c) => (c.body.text as { body: string }).body);
    expect(pieces).toHaveLength(3);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(WHATSAPP_MAX_TEXT_CHARS);
      expect(piece).toMatch(/^Sentence number/);
    }
    expect(pieces.slice(0, 2).every((p) => p.endsWith("shop."))).toBe(true);
    expect(pieces.join(" ")).toContain(LONG_ANSWER);
  });

  it("answers a picture with the text-only line and keeps what was sent for staff", async () => {
    const from = numericId();
    const image = {
      from,
      id: `wamid.img${from}`,
      timestamp: "1733390000",
      type: "image",
      image: { id: "MEDIA123", mime_type: "image/jpeg", sha256: "abc", caption: "My broken parcel" },
    };
    expect((await postWebhook(wa, whatsappDelivery(wa.address, [image]))).status).toBe(200);
    await vi.waitFor(async () => expect(await textsSent(wa, from)).toHaveLength(1), QUEUE_WAIT);
    const [sent] = await textsSent(wa, from);
    expect(sent?.body.text).toMatchObject({ body: expect.stringContaining("I can only read text messages") });
    const events = await loggedEvents((await conversationOf(from)) ?? "");
    expect(events.find((e) => e.type === "visitor_message")).toMatchObject({
      text: "[image: My broken parcel] (image/jpeg, id MEDIA123)",
    });
    expect(events.some((e) => e.type === "system_message" && e.kind === "text_only")).toBe(true);
    expect(events.some((e) => e.type === "assistant_complete")).toBe(false);
  });
});

describe("WhatsApp outbound failures", () => {
  const outboxBody = (conversationId: string, address: string, seq: number, text = "A reply") => ({
    deploymentId: wa.id,
    conversationId,
    seq,
    kind: "answer",
    text,
    sources: [],
    address,
  });

  /** A conversation with `from` (whose ending makes the fake Graph API fail), for a delivery_failed to land in. */
  async function conversationWith(from: string): Promise<string> {
    await postWebhook(wa, whatsappDelivery(wa.address, [whatsappText(from, `wamid.${from}`, "Hello")]));
    await vi.waitFor(async () => expect(await conversationOf(from)).not.toBeNull());
    return (await conversationOf(from)) ?? "";
  }

  it("retries a 500 or a 429, and logs delivery_failed after the last attempt", async () => {
    for (const ending of ["500", "429"]) {
      const from = numericId(ending);
      const conversationId = await conversationWith(from);
      const body = outboxBody(conversationId, from, 900);
      expect(await deliverOutboxMessage(env, body, 1)).toEqual({ retryAfterSeconds: 5 });
      expect(await deliverOutboxMessage(env, body, 2)).toEqual({ retryAfterSeconds: 10 });
      expect(await deliverOutboxMessage(env, body, MAX_DELIVERY_ATTEMPTS)).toBe("done");
      const failed = (await loggedEvents(conversationId)).find((e) => e.type === "delivery_failed");
      expect(failed).toMatchObject({ ofSeq: 900, error: expect.stringContaining(`answered ${ending}`) });
    }
  });

  it("gives up at once on a 400, and says to check a token Graph refuses (without showing it)", async () => {
    const from = numericId("400");
    const conversationId = await conversationWith(from);
    expect(await deliverOutboxMessage(env, outboxBody(conversationId, from, 901), 1)).toBe("done");
    expect((await loggedEvents(conversationId)).find((e) => e.type === "delivery_failed")).toMatchObject({
      ofSeq: 901,
      error: expect.stringContaining("answered 400: (#100) Invalid parameter"),
    });

    const badToken = "EAAG-invalid-token-9999";
    const other = await deployMeta("whatsapp", AGENT, { accessToken: badToken });
    const to = numericId();
    const result = await deliverOutboxMessage(
      env,
      { ...outboxBody(conversationId, to, 902), deploymentId: other.id },
      1,
    );
    expect(result).toBe("done");
    const failed = (await loggedEvents(conversationId)).find((e) => e.type === "delivery_failed" && e.ofSeq === 902);
    expect(failed).toMatchObject({ error: expect.stringContaining("check the access token") });
    expect(JSON.stringify(failed)).not.toContain(badToken);
  });

  it("does not send again the pieces of a split reply the platform already accepted", async () => {
    const to = numericId("777"); // the fake Graph API fails every second text message to it
    const text = Array.from({ length: 3 }, (_, i) => `${String(i + 1).repeat(4_000)}.`).join("\n\n");
    const body = outboxBody("c_partial_whatsapp", to, 7, text);
    expect(await deliverOutboxMessage(env, body, 1)).toEqual({ retryAfterSeconds: 5 }); // piece 1 sent, piece 2 failed
    expect(await deliverOutboxMessage(env, body, 2)).toEqual({ retryAfterSeconds: 10 }); // piece 2 sent, piece 3 failed
    expect(await deliverOutboxMessage(env, body, 3)).toBe("done"); // piece 3 sent
    const accepted = (await textsSent(wa, to)).filter((c) => c.status === 200);
    expect(accepted.map((c) => (c.body.text as { body: string }).body[0])).toEqual(["1", "2", "3"]);
  });

  it("tests the connection by reading the phone number, in words", async () => {
    const ok = await adminFetch(`/agents/${AGENT}/channels/${wa.id}/test`, { method: "POST" });
    expect(await ok.json()).toEqual({ ok: true, detail: `Connected: the Graph API knows phone number ${wa.address}` });
    const bad = await deployMeta("whatsapp", AGENT, { accessToken: "EAAG-invalid-token-1111" });
    const refused = await adminFetch(`/agents/${AGENT}/channels/${bad.id}/test`, { method: "POST" });
    const text = await refused.text();
    expect(JSON.parse(text)).toMatchObject({ ok: false, detail: expect.stringContaining("check the access token") });
    expect(text).not.toContain("EAAG-invalid-token-1111");
  });
});
