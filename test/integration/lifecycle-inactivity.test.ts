/**
 * Inactivity: the alarm closes a quiet conversation once (even when it runs twice), survives a
 * restart of the object, records the outcome, finishes a close whose D1 write failed when the
 * alarm is retried, and the visitor sees it closed and can start anew.
 */
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { LifecycleStore } from "../../durable-objects/conversation/lifecycle-state";
import { database } from "../../worker/db/client";
import { conversations, creditCharges } from "../../worker/db/schema";
import { ChatSocket, startConversation } from "./support/chat-client";
import { failConversationRowWrites, INJECTED_FAULT } from "./support/d1-faults";
import { conversationStub, lifecycleAgent, statuses, systemKinds } from "./support/lifecycle";

const FIVE_MINUTES = 5 * 60_000;

/** Moves the conversation's last activity into the past, as if the visitor had gone quiet that long ago. */
async function quietFor(conversationId: string, ms: number): Promise<void> {
  await runInDurableObject(conversationStub(conversationId), async (_instance: ConversationDO, state) => {
    const store = new LifecycleStore(state.storage.sql);
    store.update({ lastActivityAt: Date.now() - ms });
  });
}

const row = (conversationId: string) =>
  database(env).select().from(conversations).where(eq(conversations.id, conversationId)).get();

/**
 * Runs the object's alarm handler as the platform delivers it; unlike runDurableObjectAlarm it leaves the alarm set, as
 * a retry after a throw finds it.
 */
const deliverAlarm = (conversationId: string) =>
  runInDurableObject(conversationStub(conversationId), (instance: ConversationDO) => instance.alarm());

describe("inactivity", () => {
  it("closes a quiet conversation once, across a restart and a doubled alarm, with its outcome", async () => {
    await lifecycleAgent("quiet", { channels: { live_chat: { inactivityMinutes: 5 } } });
    const { conversationId, visitorToken } = await startConversation("quiet");
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: "What are your opening hours?" });
    await socket.waitForReplies(1);

    // The alarm is set for the end of the quiet period; running it early closes nothing and keeps it set.
    const stub = conversationStub(conversationId);
    const alarmAt = await runInDurableObject(stub, (_i: ConversationDO, state) => state.storage.getAlarm());
    expect(alarmAt).toBeGreaterThan(Date.now() + FIVE_MINUTES - 60_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await row(conversationId))?.status).not.toBe("closed");

    await quietFor(conversationId, FIVE_MINUTES + 1_000);
    socket.close();
    await evictDurableObject(stub); // a restart: the alarm and the state are in storage
    expect(await runInDurableObject(stub, (_i: ConversationDO, state) => state.storage.getAlarm())).not.toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await runDurableObjectAlarm(stub)).toBe(false); // no alarm left: a second run closes nothing more

    const events = await stub.events(0);
    expect(statuses(events).filter((s) => s.status === "closed")).toHaveLength(1);
    expect(systemKinds(events).filter((k) => k === "closed")).toHaveLength(1);
    expect(statuses(events).at(-1)).toMatchObject({ status: "closed", outcome: "resolved", poweredByAi: false });
    const closed = await row(conversationId);
    expect(closed).toMatchObject({ status: "closed", outcome: "resolved" });
    expect(closed?.closedAt).not.toBeNull();
  });

  it("finishes a close whose D1 write failed when the alarm is retried, charging the credit once", async () => {
    await lifecycleAgent("quiet-fault", { channels: { live_chat: { inactivityMinutes: 5 } } });
    const { conversationId, visitorToken } = await startConversation("quiet-fault");
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: "What are your opening hours?" });
    await socket.waitForReplies(1);
    socket.close();
    await quietFor(conversationId, FIVE_MINUTES + 1_000);

    const heal = await failConversationRowWrites(conversationId, { status: "closed" });
    await expect(deliverAlarm(conversationId)).rejects.toMatchObject({
      cause: { message: expect.stringContaining(INJECTED_FAULT) },
    });
    expect((await row(conversationId))?.status).not.toBe("closed");
    await heal();
    await deliverAlarm(conversationId); // the platform retries an alarm that threw
    await deliverAlarm(conversationId); // and a late duplicate delivery changes nothing

    const closed = await row(conversationId);
    expect(closed).toMatchObject({ status: "closed", outcome: "resolved" });
    expect(closed?.closedAt).not.toBeNull();
    const charges = await database(env)
      .select()
      .from(creditCharges)
      .where(eq(creditCharges.conversationId, conversationId))
      .all();
    expect(charges).toHaveLength(1);
    const events = await conversationStub(conversationId).events(0);
    expect(statuses(events).filter((s) => s.status === "closed")).toHaveLength(1);
    expect(systemKinds(events).filter((k) => k === "closed")).toHaveLength(1);
  });

  it("calls a conversation nobody answered abandoned, and lets the visitor start a new one", async () => {
    await lifecycleAgent("quiet-2", { channels: { live_chat: { inactivityMinutes: 10 } } });
    const { conversationId, visitorToken } = await startConversation("quiet-2");
    await quietFor(conversationId, 11 * 60_000);
    expect(await runDurableObjectAlarm(conversationStub(conversationId))).toBe(true);
    expect(await row(conversationId)).toMatchObject({ status: "closed", outcome: "abandoned" });

    const socket = await ChatSocket.open(conversationId, visitorToken);
    expect(statuses(socket.events).at(-1)?.status).toBe("closed");
    socket.send({ type: "message", id: "late", text: "Hello?" });
    await socket.waitFor((events) => events.some((e) => e.type === "error" && e.code === "conversation_closed"));
    expect((await conversationStub(conversationId).events(0)).some((e) => e.type === "visitor_message")).toBe(false);
    socket.close();

    const fresh = await startConversation("quiet-2", visitorToken);
    expect(fresh.conversationId).not.toBe(conversationId); // resuming skips closed conversations
    expect(fresh.resumed).toBe(false);
  });

  it("keeps conversations open when the channel never closes them", async () => {
    await lifecycleAgent("quiet-never", { channels: { live_chat: { inactivityMinutes: null } } });
    const { conversationId } = await startConversation("quiet-never");
    expect(
      await runInDurableObject(conversationStub(conversationId), (_i: ConversationDO, state) =>
        state.storage.getAlarm(),
      ),
    ).toBeNull();
  });
});
