/**
 * Visitor tokens: `v1.<visitorId>.<expiresAtSeconds>.<hmac>` signed with TOKEN_SECRET.
 * A visitor keeps one token for a year; every use hands back a renewed one.
 */
import { base64url, hmacSha256, randomId, timingSafeEqual } from "./crypto";
import { missingSecret } from "./errors";

const TOKEN_VERSION = "v1";
export const VISITOR_TOKEN_TTL_SECONDS = 365 * 24 * 60 * 60; // long-lived so reloads keep the conversation
const VISITOR_ID = /^v_[A-Za-z0-9_-]{22}$/;

export type VisitorToken = { visitorId: string; token: string; expiresAt: number };

async function signature(secret: string, visitorId: string, expiresAt: number): Promise<string> {
  return base64url(await hmacSha256(secret, `${TOKEN_VERSION}.${visitorId}.${expiresAt}`));
}

/** TOKEN_SECRET, the key of visitor and preview tokens; without it no token can be issued or checked. */
export function tokenSecret(env: Env): string {
  if (!env.TOKEN_SECRET) throw missingSecret("TOKEN_SECRET");
  return env.TOKEN_SECRET;
}

export function newVisitorId(): string {
  return randomId("v");
}

export async function issueVisitorToken(secret: string, visitorId: string, nowMs = Date.now()): Promise<VisitorToken> {
  const expiresAt = Math.floor(nowMs / 1000) + VISITOR_TOKEN_TTL_SECONDS;
  const token = `${TOKEN_VERSION}.${visitorId}.${expiresAt}.${await signature(secret, visitorId, expiresAt)}`;
  return { visitorId, token, expiresAt };
}

/** The visitor id of a valid, unexpired token; null for anything else (malformed, forged, expired). */
export async function verifyVisitorToken(
  secret: string,
  token: string | undefined | null,
  nowMs = Date.now(),
): Promise<string | null> {
  if (!token) return null;
  const parts = token.split(".");
  if (parts.length !== 4) return null;
  const [version, visitorId, expires, mac] = parts as [string, string, string, string];
  if (version !== TOKEN_VERSION || !VISITOR_ID.test(visitorId) || !/^\d{1,12}$/.test(expires)) return null;
  const expiresAt = Number(expires);
  const expected = await signature(secret, visitorId, expiresAt);
  if (!timingSafeEqual(mac, expected)) return null;
  if (expiresAt * 1000 <= nowMs) return null;
  return visitorId;
}
