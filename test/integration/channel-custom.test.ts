/**
 * Custom channels end to end: an integration's signed message is checked on its raw bytes (missing,
 * malformed, altered, stale and future signatures are refused with their own codes and store
 * nothing), taken once per message id, answered by the agent, and the answer POSTed, signed, to the
 * delivery URL (the loopback receiver), where the signature verifies. Deliveries are retried on
 * 408/429/5xx with the same idempotency key, not on other 4xx, and a final failure is logged.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  SIGNATURE_TOLERANCE_SECONDS,
  signWebhook,
  verifyWebhookSignature,
} from "../../worker/handoff/webhook-signature";
import { deliverOutboxMessage, MAX_DELIVERY_ATTEMPTS } from "../../worker/channels/outbox";
import type { LoggedEvent } from "../../worker/protocol/events";
import { adminFetch } from "./helpers/seed";
import { createTestAgent, SHOP_ANSWERS } from "./support/fixtures";
import { deployCustom, postSigned, receivedAt, type CustomDeployment } from "./support/custom-channel";
import { loggedEvents } from "./support/lifecycle";

const AGENT = "custom-agent";
const QUESTION = "What are your opening hours?";
const ANSWER = /nine to five/;
const OUTSIDE_TOLERANCE_MS = SIGNATURE_TOLERANCE_SECONDS * 1000 + 60_000;

type Taken = { conversationId: string; messageId: string; duplicate: boolean };
type ErrorBody = { error: { code: string } };

let channel: CustomDeployment;
const message = (id: string, userId = "user-1", text = QUESTION) => ({ id, user: { id: userId }, text });
const send = (body: unknown, options: Parameters<typeof postSigned>[3] = {}) =>
  postSigned(channel.address, "messages", body, { secret: channel.signingSecret, ...options });
const count = (events: LoggedEvent[], type: LoggedEvent["type"]) => events.filter((e) => e.type === type).length;

beforeAll(async () => {
  await createTestAgent(AGENT, SHOP_ANSWERS);
  channel = await deployCustom(AGENT, "/custom/replies");
});

describe("a custom channel's signed messages", () => {
  it("refuse a missing, malformed, altered, stale or future signature with its own code, storing nothing", async () => {
    const body = message("m-refused", "user-refused");
    const raw = JSON.stringify(body);
    const now = Date.now();
    const cases: Array<[string, Parameters<typeof postSigned>[3]]> = [
      ["signature_missing", { signature: null }],
      ["signature_malformed", { signature: "t=abc,v1=00" }],
      ["signature_invalid", { signature: await signWebhook("chsec_not-the-secret", raw) }],
      [
        "signature_invalid",
        { raw: raw.replace("opening", "closing"), signature: await signWebhook(channel.signingSecret, raw) },
      ],
      // A minute past the tolerance either way: the requests before this one may take seconds on a busy machine.
      ["signature_expired", { nowMs: now - OUTSIDE_TOLERANCE_MS }],
      ["signature_expired", { nowMs: now + OUTSIDE_TOLERANCE_MS }],
    ];
    for (const [code, options] of cases) {
      const response = await send(body, options);
      expect(response.status, code).toBe(401);
      expect(((await response.json()) as ErrorBody).error.code).toBe(code);
    }
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM conversations WHERE channel_address = ?")
      .bind("user-refused")
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
    // The same body, signed now, is taken: the refusals were about the signature alone.
    expect((await send(body)).status).toBe(202);
  });

  it("answer 404 for an unknown channel, 400 for a bad body, 413 past the cap", async () => {
    const unknown = await postSigned("ch-000000000000", "messages", message("m-x"), { secret: "x" });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.code).toBe("channel_not_found");
    for (const bad of [{ id: "m-bad" }, { ...message("m-bad"), text: "" }, { ...message("m-bad"), extra: 1 }]) {
      const response = await send(bad);
      expect(response.status, JSON.stringify(bad)).toBe(400);
    }
    const notJson = await send(null, { raw: "{not json" });
    expect(((await notJson.json()) as ErrorBody).error.code).toBe("invalid_json");
    const huge = await send(message("m-huge", "user-huge", "x".repeat(40_000)));
    expect(huge.status).toBe(413);
  });

  it("take a message once: a replayed id is 200 duplicate and gets no second turn", async () => {
    const first = await send(message("m-once", "user-once"));
    expect(first.status).toBe(202);
    const taken = (await first.json()) as Taken;
    expect(taken).toMatchObject({ messageId: "m-once", duplicate: false });
    const again = await send(message("m-once", "user-once"));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ...taken, duplicate: true });
    await expect.poll(async () => count(await loggedEvents(taken.conversationId), "assistant_complete")).toBe(1);
    const events = await loggedEvents(taken.conversationId);
    expect(count(events, "visitor_message")).toBe(1);
  });

  it("deliver the answer, signed, to the delivery URL, where the signature verifies", async () => {
    const taken = (await (await send(message("m-answer", "user-answer"))).json()) as Taken;
    const forUser = async () =>
      (await receivedAt(channel.path)).filter((d) => JSON.parse(d.body).user?.id === "user-answer");
    await expect.poll(async () => (await forUser()).length, { timeout: 10_000 }).toBe(1);
    const [delivery] = await forUser();
    const payload = JSON.parse(delivery?.body ?? "{}");
    const complete = (await loggedEvents(taken.conversationId)).find((e) => e.type === "assistant_complete");
    if (complete?.type !== "assistant_complete") throw new Error("no answer logged");
    expect(payload).toEqual({
      id: `${taken.conversationId}:${complete.seq}`,
      conversationId: taken.conversationId,
      user: { id: "user-answer" },
      kind: "answer",
      text: expect.stringMatching(ANSWER),
      sources: complete.sources,
    });
    expect(delivery?.headers["idempotency-key"]).toBe(payload.id);
    const signature = delivery?.headers["frontdesk-signature"] ?? null;
    expect(await verifyWebhookSignature(channel.signingSecret, signature, delivery?.body ?? "")).toBe(true);
    expect(await verifyWebhookSignature("chsec_wrong-secret", signature, delivery?.body ?? "")).toBe(false);
  });

  it("hand messages of a removed deployment to a person", async () => {
    const removed = await deployCustom(AGENT, "/custom/removed");
    expect((await adminFetch(`/agents/${AGENT}/channels/${removed.id}`, { method: "DELETE" })).status).toBe(200);
    const response = await postSigned(removed.address, "messages", message("m-removed", "user-removed"), {
      secret: removed.signingSecret,
    });
    expect(response.status).toBe(202);
    const { conversationId } = (await response.json()) as Taken;
    await expect
      .poll(async () => (await loggedEvents(conversationId)).some((e) => e.type === "status" && e.status !== "bot"))
      .toBe(true);
    const events = await loggedEvents(conversationId);
    expect(count(events, "assistant_complete")).toBe(0);
    const row = await env.DB.prepare("SELECT handoff_reason AS reason FROM conversations WHERE id = ?")
      .bind(conversationId)
      .first<{ reason: string }>();
    expect(row?.reason).toBe("channel_removed");
  });
});

describe("a custom channel's deliveries", () => {
  /** A conversation on the main channel, and an outbox message of its line sent through `target` instead. */
  async function outboxMessage(target: CustomDeployment, userId: string) {
    const { conversationId } = (await (await send(message(`m-${userId}`, userId))).json()) as Taken;
    return {
      deploymentId: target.id,
      conversationId,
      seq: 2,
      kind: "answer",
      text: "Hi",
      sources: [],
      address: userId,
    };
  }

  it("retry a failing receiver with the same idempotency key, then log delivery_failed after the last attempt", async () => {
    const failing = await deployCustom(AGENT, "/fail/custom");
    const body = await outboxMessage(failing, "user-retry");
    for (let attempt = 1; attempt < MAX_DELIVERY_ATTEMPTS; attempt++)
      expect(await deliverOutboxMessage(env, body, attempt)).toEqual({ retryAfterSeconds: expect.any(Number) });
    expect(count(await loggedEvents(body.conversationId), "delivery_failed")).toBe(0);
    expect(await deliverOutboxMessage(env, body, MAX_DELIVERY_ATTEMPTS)).toBe("done");
    const failed = (await loggedEvents(body.conversationId)).filter((e) => e.type === "delivery_failed");
    expect(failed).toEqual([expect.objectContaining({ ofSeq: 2, error: expect.stringContaining("500") })]);
    const tries = await receivedAt(failing.path);
    expect(tries).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect(new Set(tries.map((t) => t.headers["idempotency-key"]))).toEqual(new Set([`${body.conversationId}:2`]));
  });

  it("retry 408 and 429, but not another 4xx", async () => {
    for (const [status, retried] of [
      [408, true],
      [429, true],
      [400, false],
      [404, false],
    ] as const) {
      const target = await deployCustom(AGENT, `/status/${status}/custom`);
      const body = await outboxMessage(target, `user-status-${status}`);
      const next = await deliverOutboxMessage(env, body, 1);
      if (retried) expect(next, String(status)).toEqual({ retryAfterSeconds: expect.any(Number) });
      else expect(next, String(status)).toBe("done");
      const failed = (await loggedEvents(body.conversationId)).filter((e) => e.type === "delivery_failed");
      expect(failed.length, String(status)).toBe(retried ? 0 : 1);
      expect(await receivedAt(target.path)).toHaveLength(1);
    }
  });

  it("test the connection with a signed ping", async () => {
    const ok = await adminFetch(`/agents/${AGENT}/channels/${channel.id}/test`, { method: "POST" });
    expect(await ok.json()).toMatchObject({ ok: true, detail: expect.stringContaining("204") });
    const pings = (await receivedAt(channel.path)).filter((d) => JSON.parse(d.body).kind === "ping");
    expect(pings).toHaveLength(1);
    expect(
      await verifyWebhookSignature(
        channel.signingSecret,
        pings[0]?.headers["frontdesk-signature"] ?? null,
        pings[0]?.body ?? "",
      ),
    ).toBe(true);
    const failing = await deployCustom(AGENT, "/fail/custom-ping");
    const bad = await adminFetch(`/agents/${AGENT}/channels/${failing.id}/test`, { method: "POST" });
    expect(await bad.json()).toMatchObject({ ok: false, detail: expect.stringContaining("500") });
  });
});
