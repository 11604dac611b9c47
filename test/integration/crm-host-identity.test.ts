/**
 * Identity from the host site: a valid HMAC hash of userId:email:issuedAt (within a day of now) or
 * JWT (HS256 with the agent's identity secret, ES256/RS256 with its configured public key; `iat`
 * required and at most jwtMaxAgeSeconds old) verifies a new or resumed conversation and the
 * visitor; forged, expired, stale or mis-addressed ones are logged and ignored, and the conversation
 * starts unverified; legacy hashes without an issued-at count only while allowLegacyHmac is on
 * (on for agents migration 0005 found with a secret, with a warning on save); an address the
 * visitor merely types never verifies. Secrets are shown once.
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
import { crmAgent, verifiedEvents, visitorProofs } from "./support/crm";
import { uniqueAddress } from "./support/mailbox";

const HMAC_AGENT = "crm-host-hmac";
const KEY_AGENT = "crm-host-key";
/** An agent that still accepts the legacy hash form (as one saved before issuedAt existed would). */
const LEGACY_AGENT = "crm-host-legacy";
const HOUR_S = 3_600;
const ISSUER = "https://shop.example";
const AUDIENCE = "frontdesk";

let hmacSecret = "";
let keySecret = "";
let legacySecret = "";
let privateKey: CryptoKey;

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const nowSeconds = () => Math.floor(Date.now() / 1000);
/** The documented message: `userId:email:issuedAt`, or `email:issuedAt` without a user id. */
const signedHash = async (secret: string, email: string, issuedAt: number, userId?: string) =>
  toHex(await hmacSha256(secret, `${userId ? `${userId}:` : ""}${email.toLowerCase()}:${issuedAt}`));
/** The identity a host page sends with a fresh issued-at. */
const signed = async (secret: string, email: string, userId?: string, issuedAt = nowSeconds()) => ({
  email,
  ...(userId ? { userId } : {}),
  issuedAt,
  hash: await signedHash(secret, email, issuedAt, userId),
});
/** The legacy form: `userId:email` or `email`, no issued-at. */
const legacyHash = async (secret: string, email: string, userId?: string) =>
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
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(secret));
const es256 = (claims: Record<string, unknown>, exp: string | number = "5m") =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(privateKey);

async function expectVerified(started: Started, email: string): Promise<void> {
  expect(await verifiedEvents(started.conversationId)).toEqual([
    expect.objectContaining({ email: email.toLowerCase() }),
  ]);
  const contact = await database(env).select().from(contacts).where(eq(contacts.email, email.toLowerCase())).get();
  expect(await visitorProofs(started.visitorId)).toEqual([
    expect.objectContaining({ contactId: contact?.id, verifiedAt: expect.any(Number) }),
  ]);
}

type WarnSpy = { mock: { calls: unknown[][] } };

async function expectIgnored(started: Started, warn: WarnSpy, secretPart: string): Promise<void> {
  expect(await verifiedEvents(started.conversationId)).toEqual([]);
  expect(await visitorProofs(started.visitorId)).toEqual([]);
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
  await crmAgent(LEGACY_AGENT, { identity: { allowLegacyHmac: true, jwtMaxAgeSeconds: 3 * HOUR_S } });
  legacySecret = await rotate(LEGACY_AGENT);
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

  it("requires iat and refuses a token older than jwtMaxAgeSeconds (default one hour), even before its exp", async () => {
    const warn = vi.spyOn(console, "warn");
    const noIat = await new SignJWT({ email: uniqueAddress("no-iat") })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(hmacSecret));
    await expectIgnored(await start(HMAC_AGENT, { jwt: noIat }), warn, noIat);
    const longLived = (email: string, secret: string) =>
      new SignJWT({ email })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuedAt(nowSeconds() - 2 * HOUR_S)
        .setExpirationTime("1d")
        .sign(new TextEncoder().encode(secret));
    const stale = await longLived(uniqueAddress("stale-jwt"), hmacSecret);
    await expectIgnored(await start(HMAC_AGENT, { jwt: stale }), warn, stale);
    const logged = warn.mock.calls.join("\n");
    expect(logged).toContain("ERR_JWT_CLAIM_VALIDATION_FAILED");
    expect(logged).toContain("ERR_JWT_EXPIRED");
    // An agent that allows three hours accepts the same two-hour-old token.
    const email = uniqueAddress("long-max-age");
    await expectVerified(await start(LEGACY_AGENT, { jwt: await longLived(email, legacySecret) }), email);
  });

  it("ignores a public-key token when the agent has no public key configured", async () => {
    const warn = vi.spyOn(console, "warn");
    await expectIgnored(await start(HMAC_AGENT, { jwt: await es256({ email: uniqueAddress("no-key") }) }), warn, "eyJ");
    expect(warn.mock.calls.join("\n")).toContain("jwtPublicKey is not set");
  });
});

describe("identity settings", () => {
  const saveIdentity = (agentId: string, identity?: Record<string, unknown>) =>
    adminFetch(`/agents/${agentId}`, {
      method: "PUT",
      json: {
        name: "Identity settings",
        personality: "friendly",
        greeting: "Hello!",
        settings: { allowedOrigins: [ISSUER], crm: identity ? { identity } : {} },
      },
    });
  type Saved = { settings: { crm: { identity: Record<string, unknown> } }; warnings?: string[] };

  it("default to no legacy hashes and a one-hour JWT age; turning legacy hashes on answers a warning", async () => {
    const fresh = (await (await saveIdentity("crm-identity-fresh")).json()) as Saved;
    expect(fresh.settings.crm.identity).toEqual({ allowLegacyHmac: false, jwtMaxAgeSeconds: 3_600 });
    expect(fresh.warnings).toBeUndefined();
    const legacy = (await (await saveIdentity("crm-identity-legacy", { allowLegacyHmac: true })).json()) as Saved;
    expect(legacy.warnings).toEqual([expect.stringContaining("settings.crm.identity.allowLegacyHmac")]);
    for (const jwtMaxAgeSeconds of [0, 59, 86_401, 1.5]) {
      const refused = await saveIdentity("crm-identity-bad", { jwtMaxAgeSeconds });
      expect(refused.status).toBe(400);
    }
  });

  it("migration 0005 keeps legacy hashes on for agents that had an identity secret before it, and only those", async () => {
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0005_"));
    expect(migration).toBeDefined();
    const now = Date.now();
    const seed = async (id: string, settings: Record<string, unknown>, secret: boolean) => {
      const config = { name: id, personality: "friendly", greeting: "Hi", settings };
      await env.DB.batch([
        env.DB.prepare(
          "INSERT INTO agents (id, name, personality, greeting, settings, published_version, created_at, " +
            "updated_at) VALUES (?, ?, 'friendly', 'Hi', ?, 1, ?, ?)",
        ).bind(id, id, JSON.stringify(settings), now, now),
        env.DB.prepare(
          "INSERT INTO agent_versions (agent_id, version, config, created_at, published_at) VALUES (?, 1, ?, ?, ?)",
        ).bind(id, JSON.stringify(config), now, now),
      ]);
      if (secret) await rotate(id);
    };
    await seed("crm-pre-0005-secret", { crm: { identity: { jwtIssuer: ISSUER } } }, true);
    await seed("crm-pre-0005-bare", { accentColor: "#112233" }, true);
    await seed("crm-pre-0005-nosecret", {}, false);
    for (const query of migration?.queries ?? []) await env.DB.prepare(query).run();

    const identityOf = async (id: string) => {
      const agent = (await (await adminFetch(`/agents/${id}`)).json()) as {
        settings: { crm?: { identity?: Record<string, unknown> } };
      };
      const version = await env.DB.prepare("SELECT config FROM agent_versions WHERE agent_id = ?")
        .bind(id)
        .first<{ config: string }>();
      const config = JSON.parse(version?.config ?? "{}") as { settings: { crm?: { identity?: unknown } } };
      expect(config.settings.crm?.identity).toEqual(agent.settings.crm?.identity);
      return agent.settings.crm?.identity;
    };
    expect(await identityOf("crm-pre-0005-secret")).toEqual({ jwtIssuer: ISSUER, allowLegacyHmac: true });
    expect(await identityOf("crm-pre-0005-bare")).toEqual({ allowLegacyHmac: true });
    expect(await identityOf("crm-pre-0005-nosecret")).toBeUndefined();
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
