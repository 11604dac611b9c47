/**
 * Verification links end to end: the email at the fake provider, the token from its link, the
 * verify API marking the conversation and the visitor verified (live on the socket); only the
 * token's hash in D1; reuse, expiry, another conversation, a changed address, rate limits, a
 * failed send reported and undone.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { consumeVerificationToken, sendVerificationLink } from "../../worker/crm/verification";
import { database } from "../../worker/db/client";
import { contacts, contactVerifications } from "../../worker/db/crm-schema";
import { findOrCreateContact } from "../../worker/lifecycle/email-capture";
import { tokenHash } from "../../worker/lib/tokens";
import { verifiedEvents, visitorProofs } from "./support/crm";
import { ChatSocket, startConversation } from "./support/chat-client";
import { mailTo, tokenFromMail, uniqueAddress, verify } from "./support/mailbox";
import { AGENT, ORIGIN, linkInput, errorCode, prepareVerificationAgents } from "./support/crm-verification";

beforeAll(prepareVerificationAgents);

describe("verification links", () => {
  it("mail a link whose token verifies the conversation (live) and the visitor, with only its hash stored", async () => {
    const input = await linkInput("happy");
    const started = Date.now();
    const sent = await sendVerificationLink(env, input);
    expect(sent).toEqual({ status: "sent", expiresAt: expect.any(Number) });
    const [mail] = await mailTo(input.email);
    expect(mail?.from).toBe('"Acme Support" <noreply@frontdesk.local>');
    expect(mail?.subject).toBe("Confirm your email for Acme Support");
    expect(mail?.text).toContain("expires in 15 minutes");
    expect(mail?.text).toContain("If you did not ask for this, ignore this email");
    expect(mail?.html).toContain(`href="${ORIGIN}/v1/verify#token=`);

    const token = await tokenFromMail(input.email);
    const rows = await database(env)
      .select()
      .from(contactVerifications)
      .where(eq(contactVerifications.conversationId, input.conversationId));
    expect(rows).toEqual([
      expect.objectContaining({ tokenHash: await tokenHash(token), email: input.email, usedAt: null }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);

    const bystander = await startConversation(AGENT, undefined, false); // another visitor's conversation: untouched
    const response = await verify(token);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toEqual({ verified: true });
    expect(await verifiedEvents(input.conversationId)).toEqual([expect.objectContaining({ email: input.email })]);
    const [proof, ...others] = await visitorProofs(input.visitorId!);
    expect(proof).toMatchObject({ agentId: AGENT, contactId: input.contactId });
    expect(proof?.verifiedAt).toBeGreaterThanOrEqual(started);
    expect(others).toEqual([]);
    expect(await verifiedEvents(bystander.conversationId)).toEqual([]);
  });

  it("update an open widget live when the link is used", async () => {
    const started = await startConversation(AGENT, undefined, false);
    const input = await linkInput("live", started.conversationId);
    const socket = await ChatSocket.open(started.conversationId, started.visitorToken);
    await sendVerificationLink(env, input);
    expect((await verify(await tokenFromMail(input.email))).status).toBe(200);
    await socket.waitFor((events) => events.some((e) => e.type === "verified" && e.email === input.email));
    socket.close();
  });

  it("work once: a second use answers token_used", async () => {
    const input = await linkInput("reuse");
    await sendVerificationLink(env, input);
    const token = await tokenFromMail(input.email);
    expect((await verify(token)).status).toBe(200);
    const again = await verify(token);
    expect(again.status).toBe(410);
    expect(await errorCode(again)).toBe("token_used");
  });

  it("expire: after the configured minutes the token answers token_expired", async () => {
    const input = await linkInput("expiry");
    const sentAt = Date.now() - 16 * 60_000;
    await sendVerificationLink(env, input, sentAt);
    const token = await tokenFromMail(input.email);
    expect(await consumeVerificationToken(env, token, sentAt + 14 * 60_000 + 59_000)).toMatchObject({ ok: true });
    const late = await linkInput("expiry-late");
    await sendVerificationLink(env, late, sentAt);
    const response = await verify(await tokenFromMail(late.email));
    expect(response.status).toBe(410);
    expect(await errorCode(response)).toBe("token_expired");
    expect(await verifiedEvents(late.conversationId)).toEqual([]);
  });

  it("verify only the conversation it was sent from", async () => {
    const visitor = await startConversation(AGENT, undefined, false);
    const other = await startConversation(AGENT, visitor.visitorToken, false);
    const input = await linkInput("other-conversation", visitor.conversationId);
    await sendVerificationLink(env, input);
    expect((await verify(await tokenFromMail(input.email))).status).toBe(200);
    expect(await verifiedEvents(visitor.conversationId)).toHaveLength(1);
    expect(await verifiedEvents(other.conversationId)).toEqual([]);
  });

  it("stay bound to the address: a changed contact email answers email_changed; a token for contact A never verifies B", async () => {
    const input = await linkInput("changed");
    await sendVerificationLink(env, input);
    await database(env)
      .update(contacts)
      .set({ email: uniqueAddress("renamed") })
      .where(eq(contacts.id, input.contactId));
    const response = await verify(await tokenFromMail(input.email));
    expect(response.status).toBe(410);
    expect(await errorCode(response)).toBe("email_changed");
    expect(await verifiedEvents(input.conversationId)).toEqual([]);

    const a = await linkInput("contact-a");
    const b = await findOrCreateContact(env, uniqueAddress("contact-b"));
    await sendVerificationLink(env, a);
    const consumed = await consumeVerificationToken(env, await tokenFromMail(a.email));
    expect(consumed).toEqual({
      ok: true,
      conversationId: a.conversationId,
      contactId: a.contactId,
      email: a.email,
      agentId: AGENT,
    });
    expect(consumed.ok && consumed.contactId).not.toBe(b.id);
  });

  it("rate-limit per conversation (3 per 15 minutes) and per address (5 per hour)", async () => {
    const input = await linkInput("per-conversation");
    for (let i = 0; i < 3; i++) expect((await sendVerificationLink(env, input)).status).toBe("sent");
    expect(await sendVerificationLink(env, input)).toEqual({
      status: "rate_limited",
      retryAfterSeconds: expect.any(Number),
    });
    expect(await mailTo(input.email)).toHaveLength(3);
    const later = Date.now() + 15 * 60_000 + 1_000;
    expect((await sendVerificationLink(env, input, later)).status).toBe("sent");

    const email = uniqueAddress("per-address");
    const contact = await findOrCreateContact(env, email);
    const send = async () =>
      sendVerificationLink(env, { ...(await linkInput("per-address-conv")), email, contactId: contact.id });
    for (let i = 0; i < 5; i++) expect((await send()).status).toBe("sent");
    const limited = await send();
    expect(limited.status).toBe("rate_limited");
    expect(limited.status === "rate_limited" && limited.retryAfterSeconds).toBeGreaterThan(3_000);
    expect(await mailTo(email)).toHaveLength(5);
  });

  it("report a failed send without throwing and remove its row, so the link never works", async () => {
    const input = await linkInput("bounce");
    const result = await sendVerificationLink(env, input);
    expect(result).toEqual({ status: "failed", error: expect.stringContaining("500") });
    expect(
      await database(env)
        .select()
        .from(contactVerifications)
        .where(eq(contactVerifications.conversationId, input.conversationId)),
    ).toEqual([]);
  });
});
