/**
 * Identity from the host site: a valid HMAC hash or JWT (HS256 with the agent's identity secret,
 * ES256/RS256 with its configured public key) verifies a new or resumed conversation and the
 * visitor; forged, expired or mis-addressed ones are logged and ignored, and the conversation
 * starts unverified; an address the visitor merely types never verifies. Secrets are shown once.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { database } from "../../worker/db/client";
import { contacts } from "../../worker/db/crm-schema";
import { hmacSha256 } from "../../worker/lib/crypto";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, workerFetch, type Started } from "./support/chat-client";
import { crmAgent, verifiedEvents, visitorRow } from "./support/crm";
import { uniqueAddress } from "./support/mailbox";

const HMAC_AGENT = "crm-host-hmac";
const KEY_AGENT = "crm-host-key";
const ISSUER = "https://shop.example";
const AUDIENCE = "frontdesk";

let hmacSecret = "";
let keySecret = "";
let privateKey: CryptoKey;

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const hashOf = async (secret: string, email: string, userId?: string) =>
  toHex(await hmacSha256(secret, userId ? `${userId}:${email.toLowerCase()}` : email.toLowerCase()));

async function rotate(agentId: string): Promise<string> {
  const response = await adminFetch(`/agents/${agentId}/identity-secret`, { method: "POST" });
  expect(response.status).toBe(201);
  return ((await response.json()) as { secret: string }).secret;
}

async function start(agentId: string, identity: unknown, token?: string, resume = false): Promise<Started> {
  const response = await workerFetch(`/v1/agents/${agentId}/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ resume, ...(identity === undefined ? {} : { identity }) }),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as Started;
}

const hs256 = (claims: Record<string, unknown>, secret = hmacSecret) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(secret));
const es256 = (claims: Record<string, unknown>, exp: string | number = "5m") =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime(exp)
    .sign(privateKey);

async function expectVerified(started: Started, email: string): Promise<void> {
  expect(await verifiedEvents(started.conversationId)).toEqual([
    expect.objectContaining({ email: email.toLowerCase() }),
  ]);
  const contact = await database(env).select().from(contacts).where(eq(contacts.email, email.toLowerCase())).get();
  const visitor = await visitorRow(started.visitorId);
  expect(visitor?.verifiedContactId).toBe(contact?.id);
  expect(visitor?.verifiedUntil).toBeGreaterThan(Date.now());
}

type WarnSpy = { mock: { calls: unknown[][] } };

async function expectIgnored(started: Started, warn: WarnSpy, secretPart: string): Promise<void> {
  expect(await verifiedEvents(started.conversationId)).toEqual([]);
  expect((await visitorRow(started.visitorId))?.verifiedContactId ?? null).toBeNull();
  const logged = warn.mock.calls.map((call) => call.join(" ")).join("\n");
  expect(logged).toMatch(/host identity ignored for agent crm-host-/);
  expect(logged).not.toContain(secretPart);
}

beforeAll(async () => {
  await crmAgent(HMAC_AGENT);
  hmacSecret = await rotate(HMAC_AGENT);
  const pair = await generateKeyPair("ES256", { extractable: true });
  privateKey = pair.privateKey;
  await crmAgent(KEY_AGENT, {
    identity: { jwtPublicKey: await exportSPKI(pair.publicKey), jwtIssuer: ISSUER, jwtAudience: AUDIENCE },
  });
  keySecret = await rotate(KEY_AGENT);
});

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
  it("verifies a new conversation and the visitor with a valid hash of userId:email", async () => {
    const email = uniqueAddress("Hmac");
    const started = await start(HMAC_AGENT, {
      email,
      userId: "user-42",
      hash: await hashOf(hmacSecret, email, "user-42"),
    });
    await expectVerified(started, email);
  });

  it("verifies a resumed conversation, live on its socket, with a hash of the address alone", async () => {
    const first = await start(HMAC_AGENT, undefined);
    const socket = await ChatSocket.open(first.conversationId, first.visitorToken);
    const email = uniqueAddress("resumed");
    const resumed = await start(
      HMAC_AGENT,
      { email, hash: (await hashOf(hmacSecret, email)).toUpperCase() },
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
    const first = await start(HMAC_AGENT, { email: ann, hash: await hashOf(hmacSecret, ann) });
    const ben = uniqueAddress("ben");
    const second = await start(
      HMAC_AGENT,
      { email: ben, hash: await hashOf(hmacSecret, ben) },
      first.visitorToken,
      true,
    );
    expect(second).toMatchObject({ resumed: false, visitorId: first.visitorId });
    expect(second.conversationId).not.toBe(first.conversationId);
    expect((await verifiedEvents(first.conversationId)).map((e) => e.email)).toEqual([ann]); // Ann's stays hers
    await expectVerified(second, ben);
    // The same user coming back resumes their own.
    const again = await start(
      HMAC_AGENT,
      { email: ben, hash: await hashOf(hmacSecret, ben) },
      first.visitorToken,
      true,
    );
    expect(again).toMatchObject({ conversationId: second.conversationId, resumed: true });
  });

  it("ignores and logs a forged hash, a hash for another address and one made with another agent's secret", async () => {
    const warn = vi.spyOn(console, "warn");
    const email = uniqueAddress("forged");
    for (const hash of [
      "0".repeat(64),
      await hashOf(hmacSecret, uniqueAddress("other")),
      await hashOf(keySecret, email),
      "not hex",
    ]) {
      await expectIgnored(await start(HMAC_AGENT, { email, hash }), warn, hash);
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

describe("JWT identity", () => {
  it("verifies with an HS256 token signed with the identity secret", async () => {
    const email = uniqueAddress("hs256");
    await expectVerified(await start(HMAC_AGENT, { jwt: await hs256({ email }) }), email);
  });

  it("verifies with an ES256 token from the configured public key, issuer and audience", async () => {
    const email = uniqueAddress("es256");
    await expectVerified(await start(KEY_AGENT, { jwt: await es256({ email }) }), email);
  });

  it("ignores expired, mis-addressed, foreign-issuer, forged or claim-less tokens and starts unverified", async () => {
    const warn = vi.spyOn(console, "warn");
    const email = uniqueAddress("bad-jwt");
    const badTokens = [
      await es256({ email }, Math.floor(Date.now() / 1000) - 120),
      await new SignJWT({ email })
        .setProtectedHeader({ alg: "ES256" })
        .setIssuer(ISSUER)
        .setAudience("someone-else")
        .setExpirationTime("5m")
        .sign(privateKey),
      await new SignJWT({ email })
        .setProtectedHeader({ alg: "ES256" })
        .setIssuer("https://evil.example")
        .setAudience(AUDIENCE)
        .setExpirationTime("5m")
        .sign(privateKey),
      await hs256({ email }, "not-the-secret"),
      await new SignJWT({ email }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(hmacSecret)), // no exp
      await hs256({ sub: "42" }), // no email
      "not.a.jwt",
    ];
    for (const [i, jwt] of badTokens.entries()) {
      const agentId = i < 3 ? KEY_AGENT : HMAC_AGENT;
      await expectIgnored(await start(agentId, { jwt }), warn, jwt);
    }
    const logged = warn.mock.calls.join("\n");
    expect(logged).toContain("ERR_JWT_EXPIRED");
    expect(logged).toContain("ERR_JWT_CLAIM_VALIDATION_FAILED");
  });

  it("ignores a public-key token when the agent has no public key configured", async () => {
    const warn = vi.spyOn(console, "warn");
    await expectIgnored(await start(HMAC_AGENT, { jwt: await es256({ email: uniqueAddress("no-key") }) }), warn, "eyJ");
    expect(warn.mock.calls.join("\n")).toContain("jwtPublicKey is not set");
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
    expect((await visitorRow(started.visitorId))?.verifiedContactId ?? null).toBeNull();
  });
});
