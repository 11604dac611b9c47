/**
 * Identity from the host site: the page embedding the widget may vouch for its signed-in user,
 * either with an HMAC-SHA256 hash of the address and the time it was issued (the agent's identity
 * secret; accepted for a day either side) or with a JWT (HS256 with that secret, or RS256/ES256
 * with the agent's configured public key; `iat` required, at most `jwtMaxAgeSeconds` old). Hashes
 * of the old form without an issued-at count only while the agent allows them. A valid identity
 * links the visitor to the contact and verifies the conversation; an invalid one is logged and ignored.
 */
import { decodeProtectedHeader, importSPKI, jwtVerify, type CryptoKey as JoseKey } from "jose";
import { z } from "zod";
import { IDENTITY_SIGNING, storedAgentSecret, type AgentSecretsEnv } from "../db/agent-secrets";
import { hmacSha256, timingSafeEqual } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { isValidEmail } from "../lifecycle/email-address";
import { findOrCreateContact } from "../lifecycle/email-capture";
import { crmSettingsOf, type CrmSettings } from "./access-settings";
import { rememberVerifiedVisitor } from "./verified-visitors";

const MAX_EMAIL_CHARS = 254;
const MAX_USER_ID_CHARS = 200; // host user ids are database keys or UUIDs
const MAX_HASH_CHARS = 128; // a hex SHA-256 is 64; the exact format is checked when verifying, so a wrong one is ignored, not refused
const MAX_JWT_CHARS = 4_096; // an identity token carries a few claims, not a session's worth
const CLOCK_TOLERANCE_SECONDS = 30; // the host's clock and ours may disagree by a little
/**
 * A hash is accepted for a day either side of its issued-at: long enough for a page signed at sign-in, short enough
 * that a leaked one dies.
 */
export const ISSUED_AT_WINDOW_SECONDS = 86_400;
const MAX_ISSUED_AT = 99_999_999_999; // unix seconds in the year 5138: a bound for the schema, not a date we expect
const PUBLIC_KEY_ALGORITHMS = ["RS256", "ES256"] as const;

/** The `identity` of the conversation start body: its shape is checked here, its signature by `verifyHostIdentity`. */
export const hostIdentitySchema = z.union([
  z.strictObject({
    email: z.string().trim().min(1).max(MAX_EMAIL_CHARS),
    userId: z.string().min(1).max(MAX_USER_ID_CHARS).optional(),
    /** Unix seconds when the host signed it; absent only in the legacy form. */
    issuedAt: z.number().int().min(0).max(MAX_ISSUED_AT).optional(),
    hash: z.string().min(1).max(MAX_HASH_CHARS),
  }),
  z.strictObject({ jwt: z.string().min(1).max(MAX_JWT_CHARS) }),
]);
export type HostIdentity = z.infer<typeof hostIdentitySchema>;

export type IdentityCheck = { ok: true; email: string } | { ok: false; reason: string };

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * What the host signs, fields joined by colons, the address lower-cased: `userId:email:issuedAt`,
 * or `email:issuedAt` without a user id (issuedAt in unix seconds). The legacy form has no
 * issuedAt: `userId:email` or `email`. An address never contains a colon, so no message of one
 * shape reads as another.
 */
export const identityMessage = (email: string, userId?: string, issuedAt?: number): string =>
  [userId, email.toLowerCase(), issuedAt].filter((part) => part !== undefined).join(":");

async function checkHash(
  secret: string | null,
  settings: CrmSettings["identity"],
  identity: { email: string; userId?: string; issuedAt?: number; hash: string },
  now: number,
): Promise<IdentityCheck> {
  if (!secret) return { ok: false, reason: "the agent has no identity secret (POST /api/agents/:id/identity-secret)" };
  if (identity.issuedAt === undefined && !settings.allowLegacyHmac)
    return { ok: false, reason: "the hash has no issuedAt (settings.crm.identity.allowLegacyHmac is off)" };
  if (identity.issuedAt !== undefined && Math.abs(now / 1000 - identity.issuedAt) > ISSUED_AT_WINDOW_SECONDS)
    return { ok: false, reason: "issuedAt is more than 24 hours from now" };
  const message = identityMessage(identity.email, identity.userId, identity.issuedAt);
  const expected = toHex(await hmacSha256(secret, message));
  if (!timingSafeEqual(expected, identity.hash.toLowerCase())) return { ok: false, reason: "the hash does not match" };
  return isValidEmail(identity.email)
    ? { ok: true, email: identity.email.toLowerCase() }
    : { ok: false, reason: "the email is not a valid address" };
}

async function jwtKey(
  alg: string,
  secret: string | null,
  settings: CrmSettings["identity"],
): Promise<{ key: JoseKey | Uint8Array } | { reason: string }> {
  if (alg === "HS256")
    return secret
      ? { key: new TextEncoder().encode(secret) }
      : { reason: "HS256 token but the agent has no identity secret" };
  if (!(PUBLIC_KEY_ALGORITHMS as readonly string[]).includes(alg))
    return { reason: `unsupported algorithm ${alg.slice(0, 20)}` };
  if (!settings.jwtPublicKey) return { reason: `${alg} token but settings.crm.identity.jwtPublicKey is not set` };
  try {
    return { key: await importSPKI(settings.jwtPublicKey, alg) };
  } catch {
    return { reason: `settings.crm.identity.jwtPublicKey is not a PEM SPKI ${alg} key` };
  }
}

async function checkJwt(secret: string | null, settings: CrmSettings["identity"], jwt: string): Promise<IdentityCheck> {
  let alg: string;
  try {
    alg = decodeProtectedHeader(jwt).alg ?? "";
  } catch {
    return { ok: false, reason: "the JWT is malformed" };
  }
  const key = await jwtKey(alg, secret, settings);
  if ("reason" in key) return { ok: false, reason: key.reason };
  try {
    const { payload } = await jwtVerify(jwt, key.key, {
      algorithms: [alg],
      requiredClaims: ["exp", "iat", "email"],
      maxTokenAge: settings.jwtMaxAgeSeconds,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      ...(settings.jwtIssuer ? { issuer: settings.jwtIssuer } : {}),
      ...(settings.jwtAudience ? { audience: settings.jwtAudience } : {}),
    });
    const email = payload.email;
    if (typeof email !== "string" || !isValidEmail(email))
      return { ok: false, reason: "the email claim is not a valid address" };
    return { ok: true, email: email.toLowerCase() };
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "invalid";
    return { ok: false, reason: `the JWT was refused (${code})` };
  }
}

/** The identity secret, or why it cannot be read (SECRETS_KEY missing, a row no configured key opens). */
async function identitySecret(
  env: AgentSecretsEnv,
  agentId: string,
): Promise<{ secret: string | null } | { reason: string }> {
  try {
    return { secret: await storedAgentSecret(env, agentId, IDENTITY_SIGNING) };
  } catch (error) {
    if (error instanceof ApiError) return { reason: error.message };
    throw error;
  }
}

/** Checks the signature and claims; never throws for a bad identity. */
export async function verifyHostIdentity(
  env: AgentSecretsEnv,
  agent: { id: string; settings: { crm?: unknown } },
  identity: HostIdentity,
  now = Date.now(),
): Promise<IdentityCheck> {
  const stored = await identitySecret(env, agent.id);
  if ("reason" in stored) return { ok: false, reason: stored.reason };
  const { secret } = stored;
  const settings = crmSettingsOf(agent.settings).identity;
  if ("jwt" in identity) return checkJwt(secret, settings, identity.jwt);
  return checkHash(secret, settings, identity, now);
}

/** The address a host identity vouches for, or null when it is not valid (then the reason is logged, with the agent, never the token). */
export async function vouchedEmail(
  env: AgentSecretsEnv,
  agent: { id: string; settings: { crm?: unknown } },
  identity: HostIdentity,
): Promise<string | null> {
  const check = await verifyHostIdentity(env, agent, identity);
  if (check.ok) return check.email;
  console.warn(`host identity ignored for agent ${agent.id}: ${check.reason}`);
  return null;
}

/**
 * Applies a vouched-for address to a started (or resumed) conversation: finds or creates the
 * contact, remembers the visitor as verified to this agent and marks the conversation verified.
 */
export async function applyHostIdentity(
  env: Pick<Env, "DB" | "CONVERSATIONS">,
  input: { agent: { id: string }; conversationId: string; visitorId: string; email: string },
): Promise<void> {
  const contact = await findOrCreateContact(env, input.email);
  await rememberVerifiedVisitor(env, {
    visitorId: input.visitorId,
    agentId: input.agent.id,
    contactId: contact.id,
    conversationId: input.conversationId,
  });
  const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(input.conversationId));
  await stub.markVerified({ contactId: contact.id, email: contact.email, via: "host_identity" });
}
