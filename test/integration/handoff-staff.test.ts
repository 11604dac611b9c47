/**
 * A person in the conversation: claiming, replying live (only the assignee), handing back to
 * the agent, and closing with the outcome `handed_off` (no credits charged).
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { conversations, creditCharges } from "../../worker/db/schema";
import { ChatSocket, startConversation } from "./support/chat-client";
import { completes, conversationStub, hasSystem, lifecycleAgent, statuses } from "./support/lifecycle";
import { StaffSocket } from "./support/staff-socket";

const ADA = { id: "st_ada", name: "Ada Lovelace" };
const BOB = { id: "st_bob", name: "Bob" };

describe("staff in a conversation", () => {
  it("a person claims, replies live, hands back, and the agent answers again", async () => {
    await lifecycleAgent("staff-flow", {});
    const { conversationId, visitorToken } = await startConversation("staff-flow");
    const visitor = await ChatSocket.open(conversationId, visitorToken);
    visitor.send({ type: "message", id: "m1", text: "Can I talk to a human?" });
    await visitor.waitFor(hasSystem("no_staff"));

    const ada = await StaffSocket.open(conversationId, ADA);
    expect(ada.events.some((e) => e.type === "visitor_message" && e.text === "Can I talk to a human?")).toBe(true); // the transcript
    const bob = await StaffSocket.open(conversationId, BOB);
    const stub = conversationStub(conversationId);

    // Replies before claiming are refused.
    ada.send({ type: "message", id: "a0", text: "Hello?" });
    await ada.waitFor((events) => events.some((e) => e.type === "error" && e.code === "not_assignee"));

    expect(await stub.claim(ADA)).toEqual({ ok: true });
    expect(await stub.claim(ADA)).toEqual({ ok: true }); // claiming twice is harmless
    expect(await stub.claim(BOB)).toMatchObject({ ok: false, code: "already_claimed" });
    await visitor.waitFor(hasSystem("staff_joined"));
    expect(statuses(visitor.events).at(-1)).toEqual(
      expect.objectContaining({ status: "human", poweredByAi: false, staff: ADA }),
    );
    expect(
      (await database(env).select().from(conversations).where(eq(conversations.id, conversationId)).get())
        ?.assignedStaffId,
    ).toBe(ADA.id);

    ada.send({ type: "message", id: "a1", text: "Hi, Ada here. How can I help?" });
    await visitor.waitFor((events) =>
      events.some(
        (e) => e.type === "staff_message" && e.text === "Hi, Ada here. How can I help?" && e.staff.name === ADA.name,
      ),
    );
    bob.send({ type: "message", id: "b1", text: "I am not on this one" });
    await bob.waitFor((events) => events.some((e) => e.type === "error" && e.code === "not_assignee"));
    expect((await stub.events(0)).some((e) => e.type === "staff_message" && e.text === "I am not on this one")).toBe(
      false,
    );

    // While a person handles it, the agent stays quiet.
    visitor.send({ type: "message", id: "m2", text: "What are your opening hours?" });
    await ada.waitFor((events) => events.some((e) => e.type === "visitor_message" && e.id === "m2"));
    expect(completes(visitor.events)).toHaveLength(0);

    expect(await stub.handBack(BOB.id)).toMatchObject({ ok: false, code: "not_assignee" });
    expect(await stub.handBack(ADA.id)).toEqual({ ok: true });
    await visitor.waitFor(hasSystem("handed_back"));
    expect(statuses(visitor.events).at(-1)).toMatchObject({ status: "bot", poweredByAi: true });
    visitor.send({ type: "message", id: "m3", text: "Do you ship to Norway?" });
    const events = await visitor.waitForReplies(1);
    expect(completes(events)[0]?.text).toContain("Norway");
    for (const socket of [visitor, ada, bob]) socket.close();
  });

  it("only the assignee closes a claimed conversation; the outcome is handed_off and nothing is charged", async () => {
    await lifecycleAgent("staff-close", {});
    const { conversationId, visitorToken } = await startConversation("staff-close");
    const visitor = await ChatSocket.open(conversationId, visitorToken);
    visitor.send({ type: "message", id: "m1", text: "What are your opening hours?" });
    await visitor.waitForReplies(1);
    const stub = conversationStub(conversationId);
    expect(await stub.claim(ADA)).toEqual({ ok: true }); // staff may step into a conversation the agent is handling
    expect(await stub.closeByStaff(BOB.id)).toMatchObject({ ok: false, code: "not_assignee" });
    expect(await stub.closeByStaff(ADA.id)).toEqual({ ok: true });
    expect(await stub.closeByStaff(ADA.id)).toEqual({ ok: true }); // idempotent
    await visitor.waitFor((events) => statuses(events).some((s) => s.status === "closed"));
    expect(statuses(visitor.events).at(-1)).toMatchObject({ status: "closed", outcome: "handed_off" });
    expect(await stub.claim(BOB)).toMatchObject({ ok: false, code: "closed" });
    expect(
      await database(env).select().from(creditCharges).where(eq(creditCharges.conversationId, conversationId)).all(),
    ).toHaveLength(0);
    visitor.close();
  });
});
