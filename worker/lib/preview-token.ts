/**
 * Preview tokens: `pv1.<agentId>.<expiresAtSeconds>.<hmac>`, minted by the admin API so a browser
 * can preview an agent's draft without ever holding the admin token. The HMAC (TOKEN_SECRET) signs
 * a message with its own purpose prefix, so a visitor token can never pass for one, nor the reverse.
 */
import { base64url, hmacSha256, timingSafeEqual } from "./crypto";

const TOKEN_VERSION = "pv1";
/** Domain separation: visitor tokens sign `v1.…`; nothing they sign starts with this. */
const SIGNING_PURPOSE = "frontdesk-preview";
/** Long enough for a review session, short enough that a token left in a browser history soon dies. */
export const PREVIEW_TOKEN_TTL_SECONDS = 30 * 60;
const AGENT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/; // the admin API's agent id alphabet (no dots, so the token splits cleanly)
const EXPIRY = /^\d{1,12}$/;

export type PreviewToken = { agentId: string; token: string; expiresAt: number };

/** Why a presented token was refused; each has its own error code on the wire. */
export type PreviewTokenRefusal = "missing" | "invalid" | "expired" | "other_agent";
export type PreviewTokenCheck =
  | { ok: true; agentId: string; expiresAt: number }
  | { ok: false; reason: PreviewTokenRefusal };

async function signature(secret: string, agentId: string, expiresAt: number): Promise<string> {
  return base64url(await hmacSha256(secret, `${SIGNING_PURPOSE}.${TOKEN_VERSION}.${agentId}.${expiresAt}`));
}

/** A token for previewing `agentId`, valid PREVIEW_TOKEN_TTL_SECONDS from `nowMs`. */
export async function issuePreviewToken(secret: string, agentId: string, nowMs = Date.now()): Promise<PreviewToken> {
  if (!AGENT_ID.test(agentId)) throw new Error(`not an agent id: ${agentId}`);
  const expiresAt = Math.floor(nowMs / 1000) + PREVIEW_TOKEN_TTL_SECONDS;
  const token = `${TOKEN_VERSION}.${agentId}.${expiresAt}.${await signature(secret, agentId, expiresAt)}`;
  return { agentId, token, expiresAt };
}

/**
 * Checks a presented token for `agentId`: well formed, signed by us (constant-time compare),
 * unexpired and for this very agent. The signature is checked first, so only a genuine token
 * can learn that it expired or belongs to another agent.
 */
export async function verifyPreviewToken(
  secret: string,
  token: string | null | undefined,
  agentId: string,
  nowMs = Date.now(),
): Promise<PreviewTokenCheck> {
  if (!token) return { ok: false, reason: "missing" };
  const parts = token.split(".");
  if (parts.length !== 4) return { ok: false, reason: "invalid" };
  const [version, tokenAgent, expires, mac] = parts as [string, string, string, string];
  if (version !== TOKEN_VERSION || !AGENT_ID.test(tokenAgent) || !EXPIRY.test(expires))
    return { ok: false, reason: "invalid" };
  const expiresAt = Number(expires);
  if (!timingSafeEqual(mac, await signature(secret, tokenAgent, expiresAt))) return { ok: false, reason: "invalid" };
  if (expiresAt * 1000 <= nowMs) return { ok: false, reason: "expired" };
  if (tokenAgent !== agentId) return { ok: false, reason: "other_agent" };
  return { ok: true, agentId, expiresAt };
}
