/**
 * Messages from channels that are not sockets: the same address continues its open conversation,
 * a platform's redelivery of a message id gives no second turn (even after the conversation
 * closed), old ids are forgotten by the weekly sweep, and a deployment the agent was taken off
 * hands new messages to a person.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { forgetOldInboundIds, takeInbound } from "../../worker/channels/inbound";
import { adminFetch } from "./helpers/seed";
import { deployChannel, deploymentOn, sendThrough } from "./support/channels";
import { createTestAgent, SHOP_ANSWERS } from "./support/fixtures";
import { loggedEvents } from "./support/lifecycle";

const AGENT = "channel-inbound";
const ADDRESS = "inbound-help@example.com";

const deployment = () => deploymentOn("email", ADDRESS);
const send = (from: string, id: string, text?: string) =>
  sendThrough("email", ADDRESS, { from, id, ...(text ? { text } : {}) });

const answers = async (conversationId: string) =>
  (await loggedEvents(conversationId)).filter((e) => e.type === "assistant_complete").length;

beforeAll(async () => {
  await createTestAgent(AGENT, SHOP_ANSWERS);
  await deployChannel(AGENT, { channel: "email", address: ADDRESS });
});

describe("inbound channel messages", () => {
  it("continue the open conversation of the same address and are answered once per message id", async () => {
    const first = await send("ann@example.com", "<a1@example.com>");
    expect(first.received).toMatchObject({ ok: true, duplicate: false });
    await vi.waitFor(async () => expect(await answers(first.conversationId)).toBe(1), { timeout: 10_000 });
    const again = await send("ann@example.com", "<a1@example.com>");
    expect(again).toMatchObject({ conversationId: first.conversationId, received: { duplicate: true } });
    const second = await send("ann@example.com", "<a2@example.com>", "How long does shipping take?");
    expect(second.conversationId).toBe(first.conversationId);
    await vi.waitFor(async () => expect(await answers(first.conversationId)).toBe(2), { timeout: 10_000 });
    const other = await send("bob@example.com", "<b1@example.com>");
    expect(other.conversationId).not.toBe(first.conversationId);
    const row = await env.DB.prepare("SELECT channel, channel_address FROM conversations WHERE id = ?")
      .bind(first.conversationId)
      .first();
    expect(row).toEqual({ channel: "email", channel_address: "ann@example.com" });
  });

  it("sets the alarm within a minute while a message is answered in the background, then back to the inactivity period", async () => {
    const { conversationId } = await send("gus@example.com", "<g1@example.com>");
    const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId));
    const alarm = () => runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
    expect(await alarm()).toBeLessThanOrEqual(Date.now() + 60_000); // an evicted object wakes and answers
    await vi.waitFor(async () => expect(await answers(conversationId)).toBe(1), { timeout: 10_000 });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await alarm()).toBeGreaterThan(Date.now() + 23 * 3_600_000); // the email channel's day of inactivity
    expect(await answers(conversationId)).toBe(1);
  });

  it("recognises a redelivery after its conversation closed, until the sweep forgets the id", async () => {
    const first = await send("cy@example.com", "<c1@example.com>");
    await vi.waitFor(async () => expect(await answers(first.conversationId)).toBe(1), { timeout: 10_000 });
    await env.DB.prepare("UPDATE conversations SET status = 'closed' WHERE id = ?").bind(first.conversationId).run();
    const again = await send("cy@example.com", "<c1@example.com>");
    expect(again).toMatchObject({ conversationId: first.conversationId, received: { duplicate: true } });

    await forgetOldInboundIds(env, 60_000, Date.now() + 120_000);
    const later = await send("cy@example.com", "<c1@example.com>");
    expect(later.received).toMatchObject({ ok: true, duplicate: false });
    expect(later.conversationId).not.toBe(first.conversationId);
  });

  it("lets a refused message's id go, so the platform's next delivery of it is taken", async () => {
    const first = await send("fay@example.com", "<f1@example.com>");
    await vi.waitFor(async () => expect(await answers(first.conversationId)).toBe(1), { timeout: 10_000 });
    const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(first.conversationId));
    expect(await stub.closeByStaff("staff-1")).toEqual({ ok: true }); // closed: it takes no more messages
    const refused = await takeInbound(env, {
      deployment: await deployment(),
      address: "fay@example.com",
      thread: first.conversationId,
      message: { clientId: "<f2@example.com>", text: "One more thing" },
    });
    expect(refused.received).toMatchObject({ ok: false });
    const redelivered = await send("fay@example.com", "<f2@example.com>", "One more thing");
    expect(redelivered.received).toMatchObject({ ok: true, duplicate: false });
    expect(redelivered.conversationId).not.toBe(first.conversationId);
  });

  it("hands messages to a person once the agent is taken off the channel", async () => {
    const listed = (await (await adminFetch(`/agents/${AGENT}/channels`)).json()) as { items: { id: string }[] };
    const id = listed.items[0]?.id;
    expect((await adminFetch(`/agents/${AGENT}/channels/${id}`, { method: "DELETE" })).status).toBe(200);
    const { conversationId } = await send("dee@example.com", "<d1@example.com>");
    await vi.waitFor(
      async () => {
        const row = await env.DB.prepare("SELECT status, handoff_reason FROM conversations WHERE id = ?")
          .bind(conversationId)
          .first();
        expect(row).toMatchObject({ handoff_reason: "channel_removed" });
      },
      { timeout: 10_000 },
    );
    expect(await answers(conversationId)).toBe(0);
  });
});

describe("two deployments of one agent", () => {
  it("keep one person's conversations apart, each answered from where it came", async () => {
    const second = "inbound-sales@example.com";
    await deployChannel(AGENT, { channel: "email", address: second });
    const other = await deploymentOn("email", second);
    const viaSales = await sendThrough("email", second, { from: "eve@example.com", id: "<e2@example.com>" });
    const viaHelp = await send("eve@example.com", "<e3@example.com>");
    expect(viaHelp.conversationId).not.toBe(viaSales.conversationId);
    const again = await sendThrough("email", second, { from: "eve@example.com", id: "<e4@example.com>" });
    expect(again.conversationId).toBe(viaSales.conversationId);
    const rows = await env.DB.prepare("SELECT id, deployment_id FROM conversations WHERE channel_address = ?")
      .bind("eve@example.com")
      .all<{ id: string; deployment_id: string }>();
    expect(new Map(rows.results.map((r) => [r.id, r.deployment_id]))).toEqual(
      new Map([
        [viaSales.conversationId, other.id],
        [viaHelp.conversationId, (await deployment()).id],
      ]),
    );
  });
});
