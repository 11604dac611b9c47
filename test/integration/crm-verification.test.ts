/**
 * Verification links end to end: the email at the fake provider, the token from its link, the
 * verify API marking the conversation and the visitor verified (live on the socket); only the
 * token's hash in D1; reuse, expiry, another conversation, a changed address, rate limits, a
 * failed send reported and undone; the read-only preview the page asks before its Approve button
 * (agent, address, unlocked properties; the token stays usable); and the page's strict CSP.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { EventLog } from "../../durable-objects/conversation/event-log";
import { consumeVerificationToken, sendVerificationLink, type SendLinkInput } from "../../worker/crm/verification";
import { database } from "../../worker/db/client";
import { contacts, contactVerifications } from "../../worker/db/crm-schema";
import { findOrCreateContact } from "../../worker/lifecycle/email-capture";
import { tokenHash } from "../../worker/lib/tokens";
import { crmAgent, verifiedEvents, visitorProofs } from "./support/crm";
import { ChatSocket, startConversation, workerFetch } from "./support/chat-client";
import { conversationStub } from "./support/lifecycle";
import { mailTo, previewVerify, tokenFromMail, uniqueAddress, verify } from "./support/mailbox";

const AGENT = "crm-verify";
/** An agent whose settings.crm unlocks some properties with a verified email and leaves one open to all. */
const APPROVAL_AGENT = "crm-verify-approval";
const ORIGIN = "http://frontdesk.test";

async function linkInput(
  label: string,
  conversationId?: string,
): Promise<SendLinkInput & { visitorId: string | null }> {
  const email = uniqueAddress(label);
  const contact = await findOrCreateContact(env, email);
  const started = conversationId ? null : await startConversation(AGENT, undefined, false);
  return {
    agent: { id: AGENT, name: "Acme Support" },
    conversationId: conversationId ?? started!.conversationId,
    contactId: contact.id,
    email,
    origin: ORIGIN,
    minutes: 15,
    visitorId: started?.visitorId ?? null,
  };
}

/** The token from the link in the newest mail to `email`. */
const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

beforeAll(async () => {
  await crmAgent(AGENT);
  await crmAgent(APPROVAL_AGENT, {
    properties: {
      billing_address: { show: true, edit: true },
      first_name: { show: true, showProtection: "match_email" },
      lifecycle_stage: { show: true, showProtection: "none" },
      phone: { show: false },
    },
  });
});

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

describe("the approval before a link is used", () => {
  it("preview answers the agent, the address and the properties verification unlocks, and leaves the token usable", async () => {
    const started = await startConversation(APPROVAL_AGENT, undefined, false);
    const input = await linkInput("approval", started.conversationId);
    await sendVerificationLink(env, { ...input, agent: { id: APPROVAL_AGENT, name: `Agent ${APPROVAL_AGENT}` } });
    const token = await tokenFromMail(input.email);

    for (let i = 0; i < 2; i++) {
      const preview = await previewVerify(token);
      expect(preview.status, await preview.clone().text()).toBe(200);
      expect(await preview.json()).toEqual({
        agent: { name: `Agent ${APPROVAL_AGENT}` },
        email: input.email,
        show: ["Billing address", "First name"], // lifecycle_stage needs no check, phone is not shown
        edit: ["Billing address"],
      });
    }
    expect(await verifiedEvents(started.conversationId)).toEqual([]);
    expect(await visitorProofs(started.visitorId)).toEqual([]);
    const [row] = await database(env)
      .select()
      .from(contactVerifications)
      .where(eq(contactVerifications.tokenHash, await tokenHash(token)));
    expect(row?.usedAt).toBeNull();

    expect((await verify(token)).status).toBe(200); // the click
    expect(await verifiedEvents(started.conversationId)).toHaveLength(1);
  });

  it("preview refuses used, expired and unknown tokens with the codes the page explains", async () => {
    const used = await linkInput("preview-used");
    await sendVerificationLink(env, used);
    const usedToken = await tokenFromMail(used.email);
    expect((await verify(usedToken)).status).toBe(200);
    const expired = await linkInput("preview-expired");
    await sendVerificationLink(env, expired, Date.now() - 16 * 60_000);
    for (const [token, status, code] of [
      [usedToken, 410, "token_used"],
      [await tokenFromMail(expired.email), 410, "token_expired"],
      ["A".repeat(43), 400, "invalid_token"],
      ["short", 400, "invalid_token"],
    ] as const) {
      const response = await previewVerify(token);
      expect(response.status).toBe(status);
      expect(await errorCode(response)).toBe(code);
    }
    expect(await verifiedEvents(expired.conversationId)).toEqual([]);
  });
});

describe("the verify API and page", () => {
  it("refuse malformed and unknown tokens with clear codes", async () => {
    for (const [body, status, code] of [
      [{ token: "short" }, 400, "invalid_token"],
      [{ token: "A".repeat(43) }, 400, "invalid_token"],
      [{ token: 42 }, 400, "invalid_body"],
      [{}, 400, "invalid_body"],
    ] as const) {
      const response = await workerFetch("/v1/verify", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(status);
      expect(await errorCode(response)).toBe(code);
    }
  });

  it("serve the page with a strict CSP whose nonce allows only its own script, and no token in it", async () => {
    const response = await workerFetch("/v1/verify");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await response.text();
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain("You're verified — you can return to the chat.");
    expect(html).toContain("history.replaceState");
    // On load the page only previews; the token is spent by the Approve button's click handler.
    expect(html).toContain('<button id="approve" type="button" hidden>Approve</button>');
    const onLoad = html.slice(html.indexOf("const token ="));
    expect(onLoad).toContain('post("/v1/verify/preview", token)');
    expect(onLoad).not.toContain('"/v1/verify",');
    expect(html.indexOf('post("/v1/verify", token)')).toBeGreaterThan(html.indexOf('approve.addEventListener("click"'));
    expect(html).not.toMatch(/token=[A-Za-z0-9_-]{43}/);
    expect((await workerFetch("/v1/verify")).headers.get("content-security-policy")).not.toBe(csp);
  });

  it("record the origin the visitor reached in the conversation, for the links it sends", async () => {
    const started = await startConversation(AGENT, undefined, false);
    const meta = await runInDurableObject(
      conversationStub(started.conversationId),
      (_instance: ConversationDO, state) => new EventLog(state.storage.sql).meta(),
    );
    expect(meta?.origin).toBe(ORIGIN);
  });
});
