/**
 * The agent changes contact data only as the admin allows: confirmation before a write (by the server),
 * match_email on edit, a no, type validation, and history. Conversations run through the Worker and the
 * Durable Object with the offline model.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { contactProperties } from "../../worker/db/crm-schema";
import { rememberVerifiedVisitor } from "../../worker/crm/verified-visitors";
import { crmAgent, earlier, historyOf, lapsedAt, seedContact, storedValue, crmChat } from "./support/crm";

describe("changing contact properties", () => {
  it("proposes the change, writes it only after the visitor's yes, records who, when, old and new value and the conversation", async () => {
    await crmAgent("crm-edit-yes", {
      properties: { phone: { show: true, showProtection: "none", edit: true, editProtection: "none" } },
    });
    const contactId = await seedContact("yusuf@example.com", { phone: "+45 1111 1111" });
    const c = await crmChat("crm-edit-yes");
    const [ask] = await c.say("Please change my phone number to +45 2222 3333");
    expect(ask).toMatch(/email address/);
    const [, confirm] = await c.say("yusuf@example.com", 2);
    expect(confirm).toBe('Change phone number to "+45 2222 3333"? Reply yes or no.');
    expect(await storedValue(contactId, "phone")).toBe("+45 1111 1111"); // nothing written before the yes
    const [saved] = await c.say("Yes please");
    expect(saved).toContain("+45 2222 3333");
    expect(await storedValue(contactId, "phone")).toBe("+45 2222 3333");
    const change = (await historyOf(contactId)).at(-1);
    expect(change).toMatchObject({
      property: "phone",
      oldValue: "+45 1111 1111",
      newValue: "+45 2222 3333",
      changedBy: "agent",
      conversationId: c.conversationId,
    });
    expect(change?.createdAt).toBeGreaterThan(0);
    c.socket.close();
  });

  it("match_email on edit: the typed address must match the earlier verification before the change is proposed", async () => {
    await crmAgent("crm-edit-match", { properties: { phone: { edit: true, editProtection: "match_email" } } });
    const contactId = await seedContact("mona@example.com", { phone: "+46 1" });
    const c = await crmChat("crm-edit-match");
    await rememberVerifiedVisitor(env, { ...earlier(c), contactId }, lapsedAt());
    const [ask] = await c.say("Please change my phone number to +46 2");
    expect(ask).toMatch(/email address/);
    const [, confirm] = await c.say("mona@example.com", 2);
    expect(confirm).toBe('Change phone number to "+46 2"? Reply yes or no.');
    await c.say("yes");
    expect(await storedValue(contactId, "phone")).toBe("+46 2");
    c.socket.close();
  });

  it("a no, or a message about something else, leaves the value as it was", async () => {
    await crmAgent("crm-edit-no", {
      properties: { phone: { show: true, showProtection: "none", edit: true, editProtection: "none" } },
    });
    const contactId = await seedContact("ines@example.com", { phone: "+351 1" });
    const c = await crmChat("crm-edit-no");
    await c.say("Please change my phone number to +351 2");
    await c.say("ines@example.com", 2); // the agent's reply and the server's question
    const [cancelled] = await c.say("No, don't");
    expect(cancelled).toMatch(/left your phone number as it was/);
    await c.say("Please update my phone to +351 3", 2);
    await c.say("What are your opening hours?");
    await c.say("yes");
    expect(await storedValue(contactId, "phone")).toBe("+351 1");
    expect(await historyOf(contactId)).toHaveLength(1); // only the seeded value
    c.socket.close();
  });

  it("validates the value against the property's type before asking", async () => {
    const now = Date.now();
    await database(env)
      .insert(contactProperties)
      .values({
        name: "seats",
        label: "Seats",
        type: "number",
        options: null,
        synonyms: ["licences"],
        builtIn: false,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing();
    await database(env)
      .insert(contactProperties)
      .values({
        name: "plan",
        label: "Plan",
        type: "enum",
        options: ["starter", "pro"],
        synonyms: [],
        builtIn: false,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing();
    await crmAgent("crm-edit-types", {
      properties: {
        seats: { show: true, showProtection: "none", edit: true, editProtection: "none" },
        plan: { edit: true, editProtection: "none" },
      },
    });
    const contactId = await seedContact("tariq@example.com", { seats: 5, plan: "starter" });
    const c = await crmChat("crm-edit-types");
    await c.say("How many seats do I have?");
    const [seats] = await c.say("tariq@example.com");
    expect(seats).toContain("5");
    const [invalid] = await c.say("Please change my seats to lots");
    expect(invalid).toMatch(/must be a number/);
    const [badPlan] = await c.say("Please change my plan to enterprise");
    expect(badPlan).toMatch(/must be one of: starter, pro/);
    await c.say("Please change my seats to 12", 2);
    await c.say("yes");
    expect(await storedValue(contactId, "seats")).toBe(12);
    expect(await storedValue(contactId, "plan")).toBe("starter");
    c.socket.close();
  });
});
