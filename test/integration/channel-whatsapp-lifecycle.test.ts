/**
 * WhatsApp follows its own channel settings, not live chat's: working hours (off duty → a person,
 * with the off-duty line delivered on WhatsApp), inactivity (the conversation closes after the
 * WhatsApp period; the alarm is run as the platform runs it, with the quiet time simulated), and
 * email capture (asked for on WhatsApp before the first answer, the visitor's reply captured).
 * Settings are saved and published through the admin API.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { LifecycleStore } from "../../durable-objects/conversation/lifecycle-state";
import { database } from "../../worker/db/client";
import { conversations, handoffs } from "../../worker/db/schema";
import { EMAIL_BEFORE_ANSWER } from "../../worker/lifecycle/copy";
import { conversationStub, lifecycleAgent, loggedEvents, systemKinds } from "./support/lifecycle";
import {
  conversationOf,
  deployMeta,
  graphCalls,
  numericId,
  postWebhook,
  whatsappDelivery,
  whatsappText,
  type MetaDeployment,
} from "./support/meta";

const QUEUE_WAIT = { timeout: 15_000, interval: 100 };
const MINUTE = 60_000;

const textsTo = async (d: MetaDeployment, to: string): Promise<string[]> =>
  (await graphCalls(d, `/${d.address}/messages`)).flatMap((c) =>
    c.body.type === "text" && c.body.to === to ? [(c.body.text as { body: string }).body] : [],
  );

async function send(d: MetaDeployment, from: string, id: string, text: string): Promise<void> {
  expect((await postWebhook(d, whatsappDelivery(d.address, [whatsappText(from, id, text)]))).status).toBe(200);
}

describe("WhatsApp channel settings", () => {
  it("outside WhatsApp's working hours hands off (off_duty) and says so on WhatsApp; live chat's hours do not count", async () => {
    const closedAllWeek = { mode: "specific_hours", timeZone: "UTC", days: {} };
    await lifecycleAgent("wa-off-duty", {
      channels: { whatsapp: { workingHours: closedAllWeek }, live_chat: { workingHours: { mode: "all_hours" } } },
    });
    const wa = await deployMeta("whatsapp", "wa-off-duty");
    const from = numericId();
    await send(wa, from, `wamid.${from}`, "Do you ship to Norway?");
    await vi.waitFor(
      async () =>
        expect((await textsTo(wa, from)).some((t) => t.startsWith("Our team will answer your message"))).toBe(true),
      QUEUE_WAIT,
    );
    const conversationId = (await conversationOf(from)) ?? "";
    const rows = await database(env).select().from(handoffs).where(eq(handoffs.conversationId, conversationId)).all();
    expect(rows.map((r) => r.reason)).toEqual(["off_duty"]);
    expect((await textsTo(wa, from)).some((t) => t.includes("within three days"))).toBe(false);
  });

  it("closes a quiet WhatsApp conversation after WhatsApp's inactivity period, not live chat's", async () => {
    await lifecycleAgent("wa-quiet", {
      channels: { whatsapp: { inactivityMinutes: 5 }, live_chat: { inactivityMinutes: 240 } },
    });
    const wa = await deployMeta("whatsapp", "wa-quiet");
    const from = numericId();
    await send(wa, from, `wamid.${from}`, "What are your opening hours?");
    await vi.waitFor(async () => expect(await textsTo(wa, from)).toHaveLength(1), QUEUE_WAIT);
    const conversationId = (await conversationOf(from)) ?? "";
    const stub = conversationStub(conversationId);

    const alarmAt = await runInDurableObject(stub, (_i: ConversationDO, state) => state.storage.getAlarm());
    expect(alarmAt).toBeGreaterThan(Date.now() + 4 * MINUTE);
    expect(alarmAt).toBeLessThan(Date.now() + 6 * MINUTE); // five minutes, not live chat's four hours

    await runInDurableObject(stub, async (_instance: ConversationDO, state) => {
      new LifecycleStore(state.storage.sql).update({ lastActivityAt: Date.now() - 5 * MINUTE - 1_000 });
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const row = await database(env).select().from(conversations).where(eq(conversations.id, conversationId)).get();
    expect(row?.status).toBe("closed");
    expect(systemKinds(await loggedEvents(conversationId))).toContain("closed");

    // The next message starts a new conversation with the same number.
    await send(wa, from, `wamid.${from}.2`, "Do you offer gift cards?");
    await vi.waitFor(async () => expect(await conversationOf(from)).not.toBe(conversationId));
  });

  it("asks for the email on WhatsApp before the first answer and captures the reply", async () => {
    await lifecycleAgent("wa-email", { channels: { whatsapp: { emailCapture: "before_first_answer" } } });
    const wa = await deployMeta("whatsapp", "wa-email");
    const from = numericId();
    await send(wa, from, `wamid.${from}`, "Do you ship to Norway?");
    await vi.waitFor(async () => expect(await textsTo(wa, from)).toEqual([EMAIL_BEFORE_ANSWER]), QUEUE_WAIT);

    await send(wa, from, `wamid.${from}.email`, "visitor.wa@example.com");
    await vi.waitFor(
      async () => expect((await textsTo(wa, from)).some((t) => t.includes("Yes, we ship to Norway"))).toBe(true),
      QUEUE_WAIT,
    );
    const sent = await textsTo(wa, from);
    expect(sent.some((t) => t.includes("visitor.wa@example.com"))).toBe(true);
    const conversationId = (await conversationOf(from)) ?? "";
    expect(systemKinds(await loggedEvents(conversationId))).toEqual(
      expect.arrayContaining(["email_request", "email_saved"]),
    );
  });
});
