/**
 * Host-site identity for tests: three agents with identity secrets (HMAC, a public key for JWTs, and
 * one that still accepts legacy hashes), the hashes and tokens a host page would send, starting a
 * conversation with them, and checking that it was verified or ignored.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { expect } from "vitest";
import { database } from "../../../worker/db/client";
import { contacts } from "../../../worker/db/crm-schema";
import { hmacSha256 } from "../../../worker/lib/crypto";
import { adminFetch } from "../helpers/seed";
import { type Started, workerFetch } from "./chat-client";
import { crmAgent, verifiedEvents, visitorProofs } from "./crm";

export const HMAC_AGENT = "crm-host-hmac";
export const KEY_AGENT = "crm-host-key";
/** An agent that still accepts the legacy hash form (as one saved before issuedAt existed would). */
export const LEGACY_AGENT = "crm-host-legacy";
export const HOUR_S = 3_600;
export const ISSUER = "https://shop.example";
export const AUDIENCE = "frontdesk";

export let hmacSecret = "";
export let keySecret = "";
export let legacySecret = "";
export let privateKey: CryptoKey;

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
export const nowSeconds = () => Math.floor(Date.now() / 1000);
/** The documented message: `userId:email:issuedAt`, or `email:issuedAt` without a user id. */
export const signedHash = async (secret: string, email: string, issuedAt: number, userId?: string) =>
  toHex(await hmacSha256(secret, `${userId ? `${userId}:` : ""}${email.toLowerCase()}:${issuedAt}`));
/** The identity a host page sends with a fresh issued-at. */
export const signed = async (secret: string, email: string, userId?: string, issuedAt = nowSeconds()) => ({
  email,
  ...(userId ? { userId } : {}),
  issuedAt,
  hash: await signedHash(secret, email, issuedAt, userId),
});
/** The legacy form: `userId:email` or `email`, no issued-at. */
export const legacyHash = async (secret: string, email: string, userId?: string) =>
  toHex(await hmacSha256(secret, userId ? `${userId}:${email.toLowerCase()}` : email.toLowerCase()));

export async function rotate(agentId: string): Promise<string> {
  const response = await adminFetch(`/agents/${agentId}/identity-secret`, { method: "POST" });
  expect(response.status).toBe(201);
  return ((await response.json()) as { secret: string }).secret;
}

export async function start(agentId: string, identity: unknown, token?: string, resume = false): Promise<Started> {
  const response = await workerFetch(`/v1/agents/${agentId}/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ resume, ...(identity === undefined ? {} : { identity }) }),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as Started;
}

export const hs256 = (claims: Record<string, unknown>, secret = hmacSecret) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(secret));
export const es256 = (claims: Record<string, unknown>, exp: string | number = "5m") =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(privateKey);

export async function expectVerified(started: Started, email: string): Promise<void> {
  expect(await verifiedEvents(started.conversationId)).toEqual([
    expect.objectContaining({ email: email.toLowerCase() }),
  ]);
  const contact = await database(env).select().from(contacts).where(eq(contacts.email, email.toLowerCase())).get();
  expect(await visitorProofs(started.visitorId)).toEqual([
    expect.objectContaining({ contactId: contact?.id, verifiedAt: expect.any(Number) }),
  ]);
}

type WarnSpy = { mock: { calls: unknown[][] } };

export async function expectIgnored(started: Started, warn: WarnSpy, secretPart: string): Promise<void> {
  expect(await verifiedEvents(started.conversationId)).toEqual([]);
  expect(await visitorProofs(started.visitorId)).toEqual([]);
  const logged = warn.mock.calls.map((call) => call.join(" ")).join("\n");
  expect(logged).toMatch(/host identity ignored for agent crm-host-/);
  expect(logged).not.toContain(secretPart);
}

/** Creates the three agents and their secrets (and the key pair): each test file's `beforeAll`. */
export async function prepareIdentityAgents(): Promise<void> {
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
}
