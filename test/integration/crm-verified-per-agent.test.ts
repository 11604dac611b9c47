/**
 * A verified visitor is verified to one agent (security review, finding 6): a host identity given
 * to agent A verifies the browser's visitor for A's later conversations only — never for agent B,
 * whose own period does not matter for it; A's current `verifiedVisitorDays` decides whether the
 * proof still counts (lowering it ends verifications, raising it revives them); the inbox's proven
 * flag and the GDPR export follow the same rule; and a host identity A cannot prove ends the
 * visitor's verification with A and never resumes a conversation linked to a contact.
 * Everything goes through the public routes and the socket, as a widget would.
 */
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { captureEmail } from "../../worker/lifecycle/email-capture";
import { hmacSha256 } from "../../worker/lib/crypto";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, workerFetch, type Started } from "./support/chat-client";
import { crmAgent, seedContact, shown, shownTexts } from "./support/crm";
import { inboxFetch, signedInStaff } from "./support/inbox-client";
import { uniqueAddress } from "./support/mailbox";

const PROPERTIES = { billing_address: { show: true, showProtection: "verify_email" } };
const QUESTION = "What is my billing address?";

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** An agent whose billing address needs a verified email, with `days` verified period and an identity secret. */
async function agentWithSecret(id: string, days: number): Promise<string> {
  await crmAgent(id, { properties: PROPERTIES, verifiedVisitorDays: days });
  const response = await adminFetch(`/agents/${id}/identity-secret`, { method: "POST" });
  expect(response.status).toBe(201);
  return ((await response.json()) as { secret: string }).secret;
}

/** The identity a host page signed for `email` (userId-less form, fresh issued-at). */
async function signed(secret: string, email: string) {
  const issuedAt = Math.floor(Date.now() / 1000);
  return { email, issuedAt, hash: toHex(await hmacSha256(secret, `${email.toLowerCase()}:${issuedAt}`)) };
}

async function start(agentId: string, options: { token?: string; identity?: unknown; resume?: boolean } = {}) {
  const response = await workerFetch(`/v1/agents/${agentId}/conversations`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({
      resume: options.resume ?? false,
      ...(options.identity ? { identity: options.identity } : {}),
    }),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as Started;
}

/** Asks for the billing address in the conversation; resolves with the first two lines the visitor was shown. */
async function askBilling(started: Started): Promise<string[]> {
  const socket = await ChatSocket.open(started.conversationId, started.visitorToken);
  socket.send({ type: "message", id: "m1", text: QUESTION });
  await socket.waitFor(shown(1));
  // A recognised visitor is told "verified" and then answered; give the answer a moment to follow.
  if (shownTexts(socket.events)[0]?.startsWith("verified:")) await socket.waitFor(shown(2));
  socket.close();
  return shownTexts(socket.events);
}

/** A contact with a billing address, and a visitor verified as them by agent `agentId`'s host identity. */
async function verifiedVisitor(agentId: string, secret: string, label: string) {
  const email = uniqueAddress(label);
  const contactId = await seedContact(email, { billing_address: `${label} Road 1` });
  const first = await start(agentId, { identity: await signed(secret, email) });
  return { email, contactId, first, token: first.visitorToken };
}

describe("verification is per agent", () => {
  it("a host identity given to agent A recognises the visitor in A's next conversation, but not in agent B's", async () => {
    const secretA = await agentWithSecret("per-agent-a", 30);
    await agentWithSecret("per-agent-b", 30);
    const v = await verifiedVisitor("per-agent-a", secretA, "anna");

    const againA = await askBilling(await start("per-agent-a", { token: v.token }));
    expect(againA).toEqual([`verified:${v.email}`, expect.stringContaining("anna Road 1")]);

    const atB = await askBilling(await start("per-agent-b", { token: v.token }));
    expect(atB[0]).toMatch(/email address/);
    expect(atB.join(" ")).not.toContain("anna Road 1");
    expect(atB.join(" ")).not.toContain("verified:");
  });

  it("the reading agent's current verifiedVisitorDays decide: lowering it to 0 ends the verification, raising it revives one", async () => {
    const secret = await agentWithSecret("per-agent-days", 30);
    const v = await verifiedVisitor("per-agent-days", secret, "bert");
    await crmAgent("per-agent-days", { properties: PROPERTIES, verifiedVisitorDays: 0 });
    const lapsed = await askBilling(await start("per-agent-days", { token: v.token }));
    expect(lapsed[0]).toMatch(/email address/);

    const zeroSecret = await agentWithSecret("per-agent-zero", 0);
    const w = await verifiedVisitor("per-agent-zero", zeroSecret, "cleo");
    expect((await askBilling(await start("per-agent-zero", { token: w.token })))[0]).toMatch(/email address/);
    await crmAgent("per-agent-zero", { properties: PROPERTIES, verifiedVisitorDays: 30 });
    const revived = await askBilling(await start("per-agent-zero", { token: w.token }));
    expect(revived).toEqual([`verified:${w.email}`, expect.stringContaining("cleo Road 1")]);
  });
});

describe("proven conversations follow the per-agent rule", () => {
  it("the GDPR export and the inbox flag count a proof only for the agent it was given to", async () => {
    const secret = await agentWithSecret("per-agent-proof-a", 30);
    await crmAgent("per-agent-proof-b", { properties: PROPERTIES });
    const v = await verifiedVisitor("per-agent-proof-a", secret, "dora");
    const atB = await start("per-agent-proof-b", { token: v.token });
    // At B the visitor merely types the address: linked, never proven.
    await captureEmail(env, { email: v.email, visitorId: atB.visitorId, conversationId: atB.conversationId });

    const exported = (await (await adminFetch(`/contacts/${v.contactId}/export`)).json()) as {
      conversations: { id: string }[];
      otherConversations: { id: string }[];
      visitorVerifications: { visitorId: string; agentId: string; contactId: string }[];
    };
    expect(exported.conversations.map((c) => c.id)).toEqual([v.first.conversationId]);
    expect(exported.otherConversations.map((c) => c.id)).toEqual([atB.conversationId]);
    expect(exported.visitorVerifications).toEqual([
      expect.objectContaining({ visitorId: v.first.visitorId, agentId: "per-agent-proof-a", contactId: v.contactId }),
    ]);

    const staff = await signedInStaff("per-agent@team.example", "Pia");
    const all = (await (await inboxFetch("/conversations?view=all", { cookie: staff.cookie })).json()) as {
      items: { id: string; emailVerified: boolean }[];
    };
    const flag = (id: string) => all.items.find((c) => c.id === id)?.emailVerified;
    expect(flag(v.first.conversationId)).toBe(true);
    expect(flag(atB.conversationId)).toBe(false);
  });
});

describe("a host identity the agent cannot prove", () => {
  it("ends the visitor's verification with that agent and never resumes a conversation linked to a contact", async () => {
    const secret = await agentWithSecret("per-agent-forged", 30);
    const v = await verifiedVisitor("per-agent-forged", secret, "emil");
    const forged = { ...(await signed(secret, uniqueAddress("mallory"))), hash: "0".repeat(64) };

    const resumed = await start("per-agent-forged", { token: v.token, identity: forged, resume: true });
    expect(resumed.resumed).toBe(false);
    expect(resumed.conversationId).not.toBe(v.first.conversationId);
    const asked = await askBilling(resumed);
    expect(asked[0]).toMatch(/email address/);
    expect(asked.join(" ")).not.toContain("emil Road 1");
    // Nor does the earlier proof come back once the page stops sending the identity it could not prove.
    expect((await askBilling(await start("per-agent-forged", { token: v.token })))[0]).toMatch(/email address/);
  });

  it("a valid identity of another user replaces the earlier one: the next conversation is theirs", async () => {
    const secret = await agentWithSecret("per-agent-switch", 30);
    const v = await verifiedVisitor("per-agent-switch", secret, "fred");
    const other = uniqueAddress("gina");
    await seedContact(other, { billing_address: "gina Road 1" });
    const switched = await start("per-agent-switch", {
      token: v.token,
      identity: await signed(secret, other),
      resume: true,
    });
    expect(switched.conversationId).not.toBe(v.first.conversationId);
    const next = await askBilling(await start("per-agent-switch", { token: v.token }));
    expect(next).toEqual([`verified:${other}`, expect.stringContaining("gina Road 1")]);
  });
});
