/**
 * A turn's own record — its token use, which the next message's budget check must see, and its facts
 * row — is written as the turn ends, after the visitor has the whole answer: in production that batch
 * is a round trip to the database's primary, and the answer's end (its citations, its feedback) does
 * not wait for it. The next message still waits for it, since turns run one at a time.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { database } from "../../worker/db/client";
import { turnFacts } from "../../worker/db/analytics-schema";
import { ChatSocket, startConversation } from "./support/chat-client";
import { SHOP_ANSWERS } from "./support/fixtures";
import { holdTurnRecord } from "./support/held-turn-record";
import { completes, conversationStub, lifecycleAgent, loggedEvents } from "./support/lifecycle";

const factsOf = async (conversationId: string) =>
  (await database(env).select().from(turnFacts).where(eq(turnFacts.conversationId, conversationId))).length;

describe("a turn's record", () => {
  it("is written after the answer is complete, and before the next message is answered", async () => {
    const AGENT = "turn-record-order";
    await lifecycleAgent(AGENT, {});
    const { conversationId, visitorToken } = await startConversation(AGENT);
    const hold = holdTurnRecord(env.DB);
    await runInDurableObject(conversationStub(conversationId), (instance: ConversationDO) => {
      const object = instance as unknown as { env: Env }; // the test swaps the object's env
      object.env = { ...object.env, DB: hold.db };
    });
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: SHOP_ANSWERS[0]!.question });
    await vi.waitFor(() => expect(hold.reached()).toBe(true));

    await socket.waitForReplies(1); // the whole answer, while its record is held
    expect(await factsOf(conversationId)).toBe(0);
    socket.send({ type: "message", id: "m2", text: SHOP_ANSWERS[1]!.question });
    await socket.waitFor((events) => events.some((e) => e.type === "ack" && e.id === "m2"));
    expect(completes(await loggedEvents(conversationId))).toHaveLength(1); // the next turn waits for the record

    await runInDurableObject(conversationStub(conversationId), () => hold.release());
    await socket.waitForReplies(2);
    await vi.waitFor(async () => expect(await factsOf(conversationId)).toBe(2));
    socket.close();
  });
});
