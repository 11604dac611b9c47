/**
 * Lead qualification in live conversations (offline model, through the Worker and the Durable
 * Object): support questions never start the goal; buying intent does, after the agent's answer;
 * the questions come in order, one at a time; an answer that does not fit is asked again once; a
 * question of the visitor's own is answered and the goal question comes back after it; answers are
 * stored on the conversation and on the contact once the visitor's email is known; the lead is
 * scored and labelled, and a qualified lead goes to the sales team or gets the meeting link.
 */
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { database } from "../../worker/db/client";
import { conversations, handoffs } from "../../worker/db/schema";
import { teams } from "../../worker/db/people-schema";
import { leadAnswers } from "../../worker/goals/lead-store";
import { adminFetch } from "./helpers/seed";
import { actionAgent, actionChat, lookupOrder } from "./support/actions";
import { storedValue } from "./support/crm";
import { systemKinds } from "./support/lifecycle";
import { contacts } from "../../worker/db/crm-schema";

const SALES = "team_goal_sales";
const SIZE = "How many people are on your team?";
const PLAN = "Which plan are you looking at: starter, business or enterprise?";

const goal = (qualified: Record<string, unknown> = { kind: "handoff", routing: { type: "team", teamId: SALES } }) => ({
  enabled: true,
  criteria: [
    { question: SIZE, property: "lead_team_size", accepted: ["11-50", "50+"], pattern: "[^?]*\\d[^?]*", score: 50 },
    { question: PLAN, property: "lead_plan", accepted: ["business", "enterprise"], score: 50 },
  ],
  thresholds: { qualified: 100, partial: 50 },
  triggerPhrases: ["volume discount"],
  qualified,
});

const row = (conversationId: string) =>
  database(env).select().from(conversations).where(eq(conversations.id, conversationId)).get();

beforeAll(async () => {
  for (const [name, type] of [
    ["lead_team_size", "number"],
    ["lead_plan", "text"],
  ] as const) {
    const response = await adminFetch("/contact-properties", { method: "POST", json: { name, label: name, type } });
    expect([201, 409]).toContain(response.status);
  }
  const now = Date.now();
  await database(env)
    .insert(teams)
    .values({ id: SALES, name: "Sales", createdAt: now, updatedAt: now })
    .onConflictDoNothing();
});

describe("lead qualification in a conversation", { timeout: 30_000 }, () => {
  it("a support question never starts the goal; buying intent does, after the answer", async () => {
    await actionAgent("goal-conv-start", [], { goal: goal() });
    const c = await actionChat("goal-conv-start");
    expect(await c.say("Do you ship to Norway?")).toEqual(["Yes, we ship to Norway within three days."]);
    const [, asked] = await c.say("What does the business plan cost per month?", 2);
    expect(asked).toBe(SIZE);
    c.socket.close();
  });

  it("asks in order, re-asks once, answers the visitor's question in between, stores and labels a qualified lead for sales", async () => {
    await actionAgent("goal-conv-qualified", [lookupOrder("goal-conv-qualified")], { goal: goal() });
    const c = await actionChat("goal-conv-qualified");
    await c.say("Is there a volume discount?", 2);
    const [again] = await c.say("lots");
    expect(again).toContain(SIZE);
    // Their own question is answered; the goal question comes back after it.
    const [answer, back] = await c.say("Do you ship to Norway?", 2);
    expect(answer).toMatch(/Norway within three days/);
    expect(back).toBe(SIZE);
    expect(await c.say("about 30 people")).toEqual([PLAN]);
    // An action's trigger phrase is not an answer: the action starts, and the question comes back after the next answer.
    expect(await c.say("wait, where is my order")).toEqual([
      "What is your order number? (the 4 to 8 digits on your receipt)",
    ]);
    expect(await c.say("1234")).toEqual(["Here is what I found. Status: shipped; Carrier: Post."]);
    const [, plan] = await c.say("Do you offer gift cards?", 2);
    expect(plan).toBe(PLAN);
    await c.say("Enterprise, probably");
    await c.socket.waitFor(
      (events) => systemKinds(events).includes("handoff") || systemKinds(events).includes("no_staff"),
    );
    // The row follows the handoff's lines: wait for it.
    await vi.waitFor(async () =>
      expect(await row(c.conversationId)).toMatchObject({
        leadLabel: "qualified",
        leadScore: 100,
        status: "waiting_for_human",
      }),
    );
    expect((await leadAnswers(env, c.conversationId)).map((a) => [a.property, a.value, a.accepted])).toEqual([
      ["lead_team_size", "about 30 people", true],
      ["lead_plan", "Enterprise, probably", true],
    ]);
    const handoff = await database(env)
      .select()
      .from(handoffs)
      .where(and(eq(handoffs.conversationId, c.conversationId), eq(handoffs.reason, "qualified_lead")))
      .get();
    expect(handoff).toBeDefined();
    c.socket.close();
  });

  it("a lead that is not qualified is thanked and labelled; answers reach the contact once the email is known", async () => {
    await actionAgent("goal-conv-partial", [], {
      goal: goal({ kind: "meeting_link", url: "https://cal.example.com/sales" }),
      channels: { live_chat: { emailCapture: "after_first_answer" } },
    });
    const c = await actionChat("goal-conv-partial");
    const lines = await c.say("Can I book a demo?", 2);
    expect(lines[1]).toBe(SIZE); // the goal question, not the email request: it ranks higher
    await c.say("we are 3 people");
    expect(await c.say("Business")).toEqual(["Thanks, that helps! Is there anything else I can help you with?"]);
    expect(await row(c.conversationId)).toMatchObject({ leadLabel: "partially_qualified", leadScore: 50 });
    // The email request comes after the next answer, now that nothing else waits; the answers then reach the contact.
    const [, emailAsk] = await c.say("Do you offer gift cards?", 2);
    expect(emailAsk).toMatch(/email address/);
    await c.say("lead.person@example.com");
    const contact = await database(env)
      .select()
      .from(contacts)
      .where(eq(contacts.email, "lead.person@example.com"))
      .get();
    expect(await storedValue(contact!.id, "lead_plan")).toBe("Business");
    c.socket.close();
  });

  it("a qualified lead gets the meeting link when the goal says so", async () => {
    await actionAgent("goal-conv-meeting", [], {
      goal: goal({ kind: "meeting_link", url: "https://cal.example.com/sales" }),
    });
    const c = await actionChat("goal-conv-meeting");
    await c.say("I'd like to talk to sales about pricing", 2);
    await c.say("60");
    expect(await c.say("enterprise")).toEqual([
      "Thanks! You can book a time with our team here: https://cal.example.com/sales",
    ]);
    expect(await row(c.conversationId)).toMatchObject({ leadLabel: "qualified", status: "bot" });
    c.socket.close();
  });
});
