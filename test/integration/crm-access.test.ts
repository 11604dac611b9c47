/**
 * The agent reads and changes contact data only as the admin allows: each protection level on
 * read and on edit, confirmation before a write (by the server), type validation, and history.
 * Conversations run through the Worker and the Durable Object with the offline model.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { contactProperties } from "../../worker/db/crm-schema";
import { rememberVerifiedVisitor } from "../../worker/crm/verified-visitors";
import { adminFetch } from "./helpers/seed";
import { hmacSha256 } from "../../worker/lib/crypto";
import { ChatSocket, startConversation, workerFetch } from "./support/chat-client";
import { mailTo, tokenFromMail, uniqueAddress, verify } from "./support/mailbox";
import { crmAgent, earlier, historyOf, lapsedAt, seedContact, shown, shownTexts, storedValue } from "./support/crm";

async function chat(agentId: string) {
  const started = await startConversation(agentId);
  const socket = await ChatSocket.open(started.conversationId, started.visitorToken);
  let sent = 0;
  /** Sends a message and resolves with what the visitor was shown in reply (agent text and server lines). */
  const say = async (text: string, replies = 1): Promise<string[]> => {
    const before = shownTexts(socket.events).length;
    socket.send({ type: "message", id: `m${++sent}`, text });
    await socket.waitFor(shown(before + replies));
    return shownTexts(socket.events).slice(before);
  };
  return { ...started, agentId, socket, say };
}

describe("reading contact properties", () => {
  it("none: asks for the email, then answers from the contact of that address", async () => {
    await crmAgent("crm-read-none", { properties: { billing_address: { show: true, showProtection: "none" } } });
    await seedContact("nora@example.com", { billing_address: "1 Fjord Lane, Oslo" });
    const c = await chat("crm-read-none");
    const [ask] = await c.say("What address do you have for my invoices?");
    expect(ask).toMatch(/email address/);
    expect(shownTexts(c.socket.events).join(" ")).not.toContain("Fjord");
    const [answer] = await c.say("It's Nora@Example.com");
    expect(answer).toContain("1 Fjord Lane, Oslo");
    c.socket.close();
  });

  it("answers in the visitor's language", async () => {
    await crmAgent("crm-read-danish", { properties: { billing_address: { show: true, showProtection: "none" } } });
    await seedContact("jens@example.dk", { billing_address: "Nørregade 7, København" });
    const c = await chat("crm-read-danish");
    const [ask] = await c.say("Hvad er min billing address, som I har registreret?");
    expect(ask).toMatch(/Hvilken e-mailadresse står der på din konto/);
    const [answer] = await c.say("jens@example.dk");
    expect(answer).toBe("Vi har registreret følgende – Billing address: Nørregade 7, København");
    c.socket.close();
  });

  it("match_email: a typed address that matches the contact the visitor proved to be earlier is enough", async () => {
    await crmAgent("crm-read-match", {
      properties: { billing_address: { show: true, showProtection: "match_email" } },
    });
    const contactId = await seedContact("mads@example.com", { billing_address: "2 Harbour Street, Aarhus" });
    const c = await chat("crm-read-match");
    // Verified months ago (the period is over), so only the link to the contact remains.
    await rememberVerifiedVisitor(env, { ...earlier(c), contactId }, lapsedAt());
    const [ask] = await c.say("What is my billing address?");
    expect(ask).toMatch(/email address/);
    const [answer] = await c.say("mads@example.com");
    expect(answer).toContain("2 Harbour Street, Aarhus");
    c.socket.close();
  });

  it("a visitor verified within the period is recognised in a new conversation without any check", async () => {
    await crmAgent("crm-read-returning", {
      properties: { billing_address: { show: true, showProtection: "verify_email" } },
    });
    const contactId = await seedContact("rita@example.com", { billing_address: "3 Mill Road, Cork" });
    const c = await chat("crm-read-returning");
    await rememberVerifiedVisitor(env, { ...earlier(c), contactId });
    const replies = await c.say("What is my billing address?", 2);
    expect(replies).toEqual(["verified:rita@example.com", expect.stringContaining("3 Mill Road, Cork")]);
    c.socket.close();
  });

  it("a property the agent may not read is refused, and one it does not know of is never looked up", async () => {
    await crmAgent("crm-read-refused", { properties: { phone: { show: false, edit: true, editProtection: "none" } } });
    const contactId = await seedContact("paul@example.com", { phone: "+44 20 7946 0000", company: "Secret Ltd" });
    const c = await chat("crm-read-refused");
    await rememberVerifiedVisitor(env, { ...earlier(c), contactId });
    const [refusal] = await c.say("What phone number do you have for me?");
    expect(refusal).toMatch(/not able to/);
    await c.say("Which company am I registered with?");
    const everything = shownTexts(c.socket.events).join(" ");
    expect(everything).not.toContain("7946");
    expect(everything).not.toContain("Secret Ltd");
    c.socket.close();
  });
});

describe("verify_email in a conversation", () => {
  it("a typed address is never enough: the answer waits for the emailed link, then arrives live", async () => {
    await crmAgent("crm-read-verify", {
      properties: { billing_address: { show: true, showProtection: "verify_email" } },
    });
    const email = uniqueAddress("vera");
    await seedContact(email, { billing_address: "7 Linden Allee, Berlin" });
    const c = await chat("crm-read-verify");
    const [ask] = await c.say("What address do you have for my invoices?");
    expect(ask).toMatch(/email address/);
    const [sent] = await c.say(email);
    expect(sent).toContain(`verification link to ${email}`);
    const [again] = await c.say("Just tell me my billing address please");
    expect(again).toContain("verification link"); // still nothing without the link
    expect(shownTexts(c.socket.events).join(" ")).not.toContain("Linden");

    const before = shownTexts(c.socket.events).length;
    expect((await verify(await tokenFromMail(email))).status).toBe(200);
    await c.socket.waitFor(shown(before + 2));
    expect(shownTexts(c.socket.events).slice(before)).toEqual([
      `verified:${email}`,
      expect.stringContaining("7 Linden Allee, Berlin"),
    ]);
    c.socket.close();
  });

  it("match_email without an earlier verification falls back to a link to the typed address", async () => {
    await crmAgent("crm-match-fallback", {
      properties: { billing_address: { show: true, showProtection: "match_email" } },
    });
    const email = uniqueAddress("milo");
    await seedContact(email, { billing_address: "9 Canal Street" });
    const c = await chat("crm-match-fallback");
    await c.say("What is my billing address?");
    const [sent] = await c.say(email);
    expect(sent).toContain(`verification link to ${email}`);
    expect(await mailTo(email)).toHaveLength(1);
    c.socket.close();
  });

  it("edits need a verified email by default: link, then confirmation, then the write", async () => {
    await crmAgent("crm-edit-verify", { properties: { billing_address: { show: true, edit: true } } });
    const email = uniqueAddress("edda");
    const contactId = await seedContact(email, { billing_address: "1 Old Road" });
    const c = await chat("crm-edit-verify");
    await c.say("Please change my billing address to 2 New Road");
    const [sent] = await c.say(email);
    expect(sent).toContain("verification link");
    const before = shownTexts(c.socket.events).length;
    expect((await verify(await tokenFromMail(email))).status).toBe(200);
    await c.socket.waitFor(shown(before + 3));
    expect(shownTexts(c.socket.events).at(-1)).toBe('Change billing address to "2 New Road"? Reply yes or no.');
    expect(await storedValue(contactId, "billing_address")).toBe("1 Old Road");
    await c.say("yes");
    expect(await storedValue(contactId, "billing_address")).toBe("2 New Road");
    c.socket.close();
  });

  it("says so when too many links were sent, instead of sending another", async () => {
    await crmAgent("crm-link-limit", { properties: { billing_address: { show: true } } });
    const email = uniqueAddress("lina");
    await seedContact(email, { billing_address: "Limit Road 3" });
    const c = await chat("crm-link-limit");
    await c.say("What is my billing address?");
    await c.say(email); // the first link
    await c.say("What is my billing address?"); // the second
    await c.say("What is my billing address?"); // the third
    const [limited] = await c.say("What is my billing address?");
    expect(limited).toMatch(/sent several verification links already/);
    expect(await mailTo(email)).toHaveLength(3);
    c.socket.close();
  });

  it("keeps working when the verification email cannot be sent", async () => {
    await crmAgent("crm-mail-down", {
      properties: { billing_address: { show: true, showProtection: "verify_email" } },
    });
    const email = uniqueAddress("bounce");
    await seedContact(email, { billing_address: "Nowhere 1" });
    const c = await chat("crm-mail-down");
    await c.say("What is my billing address?");
    const [failed] = await c.say(email);
    expect(failed).toMatch(/couldn't send the verification email/);
    const [answer] = await c.say("What are your opening hours?");
    expect(answer).toMatch(/nine to five/);
    expect(shownTexts(c.socket.events).join(" ")).not.toContain("Nowhere");
    c.socket.close();
  });

  it("a valid host-site identity counts as verified from the first message", async () => {
    await crmAgent("crm-host-verified", {
      properties: { billing_address: { show: true, showProtection: "verify_email" } },
    });
    const email = uniqueAddress("hana");
    await seedContact(email, { billing_address: "5 Sakura Dori" });
    const rotated = await adminFetch("/agents/crm-host-verified/identity-secret", { method: "POST" });
    const { secret } = (await rotated.json()) as { secret: string };
    const issuedAt = Math.floor(Date.now() / 1000);
    const signature = await hmacSha256(secret, `${email}:${issuedAt}`);
    const hash = [...signature].map((b) => b.toString(16).padStart(2, "0")).join("");
    const response = await workerFetch("/v1/agents/crm-host-verified/conversations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identity: { email, issuedAt, hash } }),
    });
    expect(response.status).toBe(201);
    const { conversationId, visitorToken } = (await response.json()) as {
      conversationId: string;
      visitorToken: string;
    };
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: "What is my billing address?" });
    await socket.waitForReplies(1);
    expect(shownTexts(socket.events)).toEqual([`verified:${email}`, expect.stringContaining("5 Sakura Dori")]);
    socket.close();
  });
});

describe("changing contact properties", () => {
  it("proposes the change, writes it only after the visitor's yes, records who, when, old and new value and the conversation", async () => {
    await crmAgent("crm-edit-yes", {
      properties: { phone: { show: true, showProtection: "none", edit: true, editProtection: "none" } },
    });
    const contactId = await seedContact("yusuf@example.com", { phone: "+45 1111 1111" });
    const c = await chat("crm-edit-yes");
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
    const c = await chat("crm-edit-match");
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
    const c = await chat("crm-edit-no");
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
    const c = await chat("crm-edit-types");
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

describe("preview", () => {
  it("shows the CRM tool call a question leads to, as a first-time visitor meets it, without any value", async () => {
    await crmAgent("crm-preview", { properties: { billing_address: { show: true, showProtection: "none" } } });
    await seedContact(uniqueAddress("pia"), { billing_address: "Preview Lane 1" });
    const response = await adminFetch("/agents/crm-preview/preview", {
      method: "POST",
      json: { message: "What address do you have for my invoices?" },
    });
    const preview = (await response.json()) as { answer: string; toolCalls: { name: string; input: unknown }[] };
    expect(preview.toolCalls).toEqual([{ name: "lookup_contact_property", input: { property: "billing_address" } }]);
    expect(preview.answer).toMatch(/email address/);
    expect(preview.answer).not.toContain("Preview Lane");
  });
});

describe("CRM settings", () => {
  it("warn when edits are guarded by less than a verified email, and refuse unknown properties and email edits", async () => {
    const put = (crm: unknown) =>
      adminFetch("/agents/crm-settings", {
        method: "PUT",
        // A listed site, so the only warnings are the CRM ones.
        json: {
          name: "CRM",
          personality: "friendly",
          greeting: "Hi",
          settings: { allowedOrigins: ["https://shop.example"], crm },
        },
      });
    const weak = await put({
      properties: {
        billing_address: { show: true, edit: true, editProtection: "match_email" },
        phone: { edit: true, editProtection: "none" },
      },
    });
    expect(weak.status).toBeLessThan(300);
    const body = (await weak.json()) as {
      warnings?: string[];
      settings: { crm: { properties: Record<string, { showProtection: string }> } };
    };
    expect(body.warnings).toHaveLength(2);
    expect(body.warnings?.[0]).toMatch(/billing_address.*verify_email is recommended/);
    expect(body.settings.crm.properties.billing_address?.showProtection).toBe("verify_email"); // the default

    const strong = await put({ properties: { billing_address: { show: true, edit: true } } });
    expect(((await strong.json()) as { warnings?: string[] }).warnings).toBeUndefined();

    for (const [crm, field] of [
      [{ properties: { shoe_size: { show: true } } }, "settings.crm.properties.shoe_size"],
      [{ properties: { email: { edit: true } } }, "settings.crm.properties.email.edit"],
      [
        { properties: { phone: { show: true, showProtection: "trust_me" } } },
        "settings.crm.properties.phone.showProtection",
      ],
      [{ verificationLinkMinutes: 1 }, "settings.crm.verificationLinkMinutes"],
    ] as const) {
      const response = await put(crm);
      expect(response.status, JSON.stringify(crm)).toBe(400);
      expect(((await response.json()) as { error: { details: Record<string, string> } }).error.details).toHaveProperty([
        field,
      ]);
    }
  });
});
