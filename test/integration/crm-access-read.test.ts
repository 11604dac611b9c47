/**
 * The agent reads contact properties only as the admin allows: each protection level on read (none,
 * match_email, a visitor verified earlier), in the visitor's language, and refusals of properties it may
 * not read. Conversations run through the Worker and the Durable Object with the offline model.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { rememberVerifiedVisitor } from "../../worker/crm/verified-visitors";
import { crmAgent, earlier, lapsedAt, seedContact, shownTexts, crmChat } from "./support/crm";

describe("reading contact properties", () => {
  it("none: asks for the email, then answers from the contact of that address", async () => {
    await crmAgent("crm-read-none", { properties: { billing_address: { show: true, showProtection: "none" } } });
    await seedContact("nora@example.com", { billing_address: "1 Fjord Lane, Oslo" });
    const c = await crmChat("crm-read-none");
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
    const c = await crmChat("crm-read-danish");
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
    const c = await crmChat("crm-read-match");
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
    const c = await crmChat("crm-read-returning");
    await rememberVerifiedVisitor(env, { ...earlier(c), contactId });
    const replies = await c.say("What is my billing address?", 2);
    expect(replies).toEqual(["verified:rita@example.com", expect.stringContaining("3 Mill Road, Cork")]);
    c.socket.close();
  });

  it("a property the agent may not read is refused, and one it does not know of is never looked up", async () => {
    await crmAgent("crm-read-refused", { properties: { phone: { show: false, edit: true, editProtection: "none" } } });
    const contactId = await seedContact("paul@example.com", { phone: "+44 20 7946 0000", company: "Secret Ltd" });
    const c = await crmChat("crm-read-refused");
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
