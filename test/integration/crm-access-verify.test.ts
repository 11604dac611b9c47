/**
 * verify_email in a conversation: a typed address is never enough and the answer waits for the emailed
 * link; match_email falling back to a link; edits behind a link; the link limit; a mail outage; and a
 * host-site identity that counts as verified. Through the Worker and the Durable Object, offline model.
 */
import { describe, expect, it } from "vitest";
import { adminFetch } from "./helpers/seed";
import { hmacSha256 } from "../../worker/lib/crypto";
import { ChatSocket, workerFetch } from "./support/chat-client";
import { mailTo, tokenFromMail, uniqueAddress, verify } from "./support/mailbox";
import { crmAgent, seedContact, shown, shownTexts, storedValue, crmChat } from "./support/crm";

describe("verify_email in a conversation", () => {
  it("a typed address is never enough: the answer waits for the emailed link, then arrives live", async () => {
    await crmAgent("crm-read-verify", {
      properties: { billing_address: { show: true, showProtection: "verify_email" } },
    });
    const email = uniqueAddress("vera");
    await seedContact(email, { billing_address: "7 Linden Allee, Berlin" });
    const c = await crmChat("crm-read-verify");
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
    const c = await crmChat("crm-match-fallback");
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
    const c = await crmChat("crm-edit-verify");
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
    const c = await crmChat("crm-link-limit");
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
    const c = await crmChat("crm-mail-down");
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
