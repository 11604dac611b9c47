/**
 * A turn's record (its token use and facts, one D1 batch after the answer) holds up the next message
 * only when the next message's budget check needs it: under a daily token limit the next message
 * waits for the use to be counted; without one it is answered while the record is still on its way,
 * and the record is written all the same.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { database } from "../../worker/db/client";
import { turnFacts } from "../../worker/db/analytics-schema";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";
import { holdTurnRecord } from "./support/held-turn-record";
import { completes, conversationStub, lifecycleAgent, loggedEvents, statuses } from "./support/lifecycle";

/** Starts a conversation of `agentId` whose object writes D1 through a binding that holds its first turn's record. */
async function conversationWithHeldRecords(agentId: string) {
  const { conversationId, visitorToken } = await startConversation(agentId);
  const hold = holdTurnRecord(env.DB);
  await runInDurableObject(conversationStub(conversationId), (instance: ConversationDO) => {
    const object = instance as unknown as { env: Env }; // the test swaps the object's env
    object.env = { ...env, DB: hold.db };
  });
  const socket = await ChatSocket.open(conversationId, visitorToken);
  const releaseInObject = () => runInDurableObject(conversationStub(conversationId), () => hold.release());
  return { conversationId, socket, hold, releaseInObject };
}

const factsOf = (conversationId: string) =>
  database(env).select().from(turnFacts).where(eq(turnFacts.conversationId, conversationId));

describe("the turn's record and the next message", () => {
  it("without a daily limit, answers the next message while the last turn's record is still on its way", async () => {
    await lifecycleAgent("record-unlimited", {});
    const { conversationId, socket, hold, releaseInObject } = await conversationWithHeldRecords("record-unlimited");
    socket.send({ type: "message", id: "m1", text: "Do you ship abroad?" });
    await socket.waitForReplies(1);
    expect(hold.reached()).toBe(true);

    socket.send({ type: "message", id: "m2", text: "How long does delivery take?" });
    await socket.waitForReplies(2); // while the first turn's record is held
    expect(completes(await loggedEvents(conversationId))).toHaveLength(2);

    await releaseInObject(); // and it is written all the same
    await vi.waitFor(async () => expect(await factsOf(conversationId)).toHaveLength(2));
    socket.close();
  });

  it("under a daily limit, the next message's budget check waits for the last turn's use", async () => {
    await lifecycleAgent("record-limited", {});
    const controls = await adminFetch("/agents/record-limited/controls", {
      method: "PUT",
      json: { enabled: true, dailyTokenLimit: 50 },
    });
    expect(controls.status).toBe(200);
    const { conversationId, socket, hold, releaseInObject } = await conversationWithHeldRecords("record-limited");
    socket.send({ type: "message", id: "m1", text: "Do you ship abroad?" });
    await socket.waitForReplies(1); // the offline model reports its prompt and answer in words: over 50
    expect(hold.reached()).toBe(true);

    socket.send({ type: "message", id: "m2", text: "How long does delivery take?" });
    await socket.waitFor((events) => events.some((e) => e.type === "ack" && e.id === "m2"));
    await releaseInObject();
    // Checked after the first turn's use was counted: the budget is spent, and a person takes the message.
    await socket.waitFor((events) => statuses(events).some((e) => e.status === "waiting_for_human"));
    expect(completes(await loggedEvents(conversationId))).toHaveLength(1);
    await vi.waitFor(async () =>
      expect((await factsOf(conversationId)).map((facts) => facts.replied).sort()).toEqual([false, true]),
    );
    socket.close();
  });
});
