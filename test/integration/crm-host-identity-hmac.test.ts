/**
 * Identity from the host site by HMAC: a valid hash of userId:email:issuedAt (within a day of now)
 * verifies a new or resumed conversation and the visitor; forged or mis-addressed hashes are logged and
 * ignored and the conversation starts unverified; legacy hashes without an issued-at count only while
 * allowLegacyHmac is on; an address the visitor merely types never verifies. Secrets are shown once.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, workerFetch } from "./support/chat-client";
import { verifiedEvents, visitorProofs } from "./support/crm";
import { uniqueAddress } from "./support/mailbox";
import {
  expectIgnored,
  expectVerified,
  HMAC_AGENT,
  hmacSecret,
  HOUR_S,
  keySecret,
  LEGACY_AGENT,
  legacyHash,
  legacySecret,
  nowSeconds,
  prepareIdentityAgents,
  signed,
  signedHash,
  start,
} from "./support/host-identity";

beforeAll(prepareIdentityAgents);
afterEach(() => vi.restoreAllMocks());

describe("the identity secret", () => {
  it("is shown once on rotation and never returned otherwise", async () => {
    const info = await adminFetch(`/agents/${HMAC_AGENT}/identity-secret`);
    expect(info.status).toBe(200);
    const text = await info.text();
    expect(JSON.parse(text)).toEqual({ configured: true, createdAt: expect.any(Number) });
    expect(text).not.toContain(hmacSecret);
    expect(hmacSecret).toMatch(/^idsec_[A-Za-z0-9_-]{43}$/);
    expect((await adminFetch(`/agents/${HMAC_AGENT}/identity-secret`, { method: "POST", token: "wrong" })).status).toBe(
      401,
    );
    expect((await adminFetch("/agents/no-such-agent/identity-secret")).status).toBe(404);
  });
});

describe("HMAC identity", () => {
  it("verifies a new conversation and the visitor with a valid hash of userId:email:issuedAt", async () => {
    const email = uniqueAddress("Hmac");
    const started = await start(HMAC_AGENT, await signed(hmacSecret, email, "user-42"));
    await expectVerified(started, email);
  });

  it("accepts an issuedAt within 24 hours either side of now, and ignores one outside", async () => {
    const warn = vi.spyOn(console, "warn");
    for (const offset of [-23 * HOUR_S, 23 * HOUR_S]) {
      const email = uniqueAddress("window");
      await expectVerified(await start(HMAC_AGENT, await signed(hmacSecret, email, "7", nowSeconds() + offset)), email);
    }
    for (const offset of [-25 * HOUR_S, 25 * HOUR_S]) {
      const identity = await signed(hmacSecret, uniqueAddress("stale"), "7", nowSeconds() + offset);
      await expectIgnored(await start(HMAC_AGENT, identity), warn, identity.hash);
    }
    expect(warn.mock.calls.join("\n")).toContain("issuedAt is more than 24 hours from now");
    // The issued-at is signed: moving it forward breaks the hash.
    const old = await signed(hmacSecret, uniqueAddress("moved"), undefined, nowSeconds() - 25 * HOUR_S);
    await expectIgnored(await start(HMAC_AGENT, { ...old, issuedAt: nowSeconds() }), warn, old.hash);
    expect(warn.mock.calls.join("\n")).toContain("the hash does not match");
  });

  it("ignores the legacy form without issuedAt while allowLegacyHmac is off (the default for new agents)", async () => {
    const warn = vi.spyOn(console, "warn");
    const email = uniqueAddress("legacy-off");
    const hash = await legacyHash(hmacSecret, email, "user-42");
    await expectIgnored(await start(HMAC_AGENT, { email, userId: "user-42", hash }), warn, hash);
    expect(warn.mock.calls.join("\n")).toContain("allowLegacyHmac is off");
  });

  it("accepts the legacy form while allowLegacyHmac is on, and the new form too", async () => {
    const email = uniqueAddress("legacy-on");
    await expectVerified(
      await start(LEGACY_AGENT, { email, userId: "u1", hash: await legacyHash(legacySecret, email, "u1") }),
      email,
    );
    const fresh = uniqueAddress("legacy-agent-new-form");
    await expectVerified(await start(LEGACY_AGENT, await signed(legacySecret, fresh)), fresh);
  });

  it("verifies a resumed conversation, live on its socket, with a hash of the address alone", async () => {
    const first = await start(HMAC_AGENT, undefined);
    const socket = await ChatSocket.open(first.conversationId, first.visitorToken);
    const email = uniqueAddress("resumed");
    const identity = await signed(hmacSecret, email);
    const resumed = await start(
      HMAC_AGENT,
      { ...identity, hash: identity.hash.toUpperCase() },
      first.visitorToken,
      true,
    );
    expect(resumed).toMatchObject({ conversationId: first.conversationId, resumed: true });
    await socket.waitFor((events) => events.some((e) => e.type === "verified" && e.email === email));
    await expectVerified(resumed, email);
    socket.close();
  });

  it("never resumes another signed-in user's conversation on the same browser: a new one starts", async () => {
    const ann = uniqueAddress("ann");
    const first = await start(HMAC_AGENT, await signed(hmacSecret, ann));
    const ben = uniqueAddress("ben");
    const second = await start(HMAC_AGENT, await signed(hmacSecret, ben), first.visitorToken, true);
    expect(second).toMatchObject({ resumed: false, visitorId: first.visitorId });
    expect(second.conversationId).not.toBe(first.conversationId);
    expect((await verifiedEvents(first.conversationId)).map((e) => e.email)).toEqual([ann]); // Ann's stays hers
    await expectVerified(second, ben);
    // The same user coming back resumes their own.
    const again = await start(HMAC_AGENT, await signed(hmacSecret, ben), first.visitorToken, true);
    expect(again).toMatchObject({ conversationId: second.conversationId, resumed: true });
  });

  it("ignores and logs a forged hash, a hash for another address and one made with another agent's secret", async () => {
    const warn = vi.spyOn(console, "warn");
    const email = uniqueAddress("forged");
    const issuedAt = nowSeconds();
    for (const hash of [
      "0".repeat(64),
      await signedHash(hmacSecret, uniqueAddress("other"), issuedAt),
      await signedHash(keySecret, email, issuedAt),
      "not hex",
    ]) {
      await expectIgnored(await start(HMAC_AGENT, { email, issuedAt, hash }), warn, hash);
    }
    expect(warn.mock.calls.join("\n")).toContain("the hash does not match");
  });

  it("refuses an identity of the wrong shape with a clear error", async () => {
    const response = await workerFetch(`/v1/agents/${HMAC_AGENT}/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identity: { email: "jane@example.com" } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: Record<string, string> } };
    expect(body.error.code).toBe("invalid_body");
    expect(Object.keys(body.error.details).some((field) => field.startsWith("identity"))).toBe(true);
  });
});

describe("typed email", () => {
  it("never verifies: an address written in the chat links for capture at most", async () => {
    const started = await start(HMAC_AGENT, undefined);
    const socket = await ChatSocket.open(started.conversationId, started.visitorToken);
    socket.send({ type: "message", id: "m1", text: `Hi, I am ${uniqueAddress("typed")}` });
    await socket.waitForReplies(1);
    socket.close();
    expect(await verifiedEvents(started.conversationId)).toEqual([]);
    expect(await visitorProofs(started.visitorId)).toEqual([]);
  });
});
