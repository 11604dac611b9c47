/**
 * Socket tickets: what a visitor's WebSocket URL carries instead of the year-long visitor token,
 * since URLs end up in logs and proxies. `t1.<conversationId>.<visitorId>.<expiresAtSeconds>.<nonce>.<hmac>`,
 * signed with TOKEN_SECRET, valid for one conversation for a minute; the conversation's Durable
 * Object accepts each nonce once, so a ticket read from a log is already spent.
 */
import { base64url, hmacSha256, timingSafeEqual } from "./crypto";

const TICKET_VERSION = "t1";
export const SOCKET_TICKET_TTL_SECONDS = 60; // enough to open the socket right after asking; short enough that a logged URL is useless
const NONCE_BYTES = 16; // 128 random bits: never repeats, so "used once" is exact
const CONVERSATION_ID = /^c_[A-Za-z0-9_-]{22}$/;
const VISITOR_ID = /^v_[A-Za-z0-9_-]{22}$/;
const NONCE = /^[A-Za-z0-9_-]{22}$/;

export type SocketTicket = { conversationId: string; visitorId: string; expiresAt: number; nonce: string };

async function signature(secret: string, body: string): Promise<string> {
  return base64url(await hmacSha256(secret, body));
}

export async function issueSocketTicket(
  secret: string,
  conversationId: string,
  visitorId: string,
  nowMs = Date.now(),
): Promise<{ ticket: string; expiresAt: number }> {
  const expiresAt = Math.floor(nowMs / 1000) + SOCKET_TICKET_TTL_SECONDS;
  const nonce = base64url(crypto.getRandomValues(new Uint8Array(NONCE_BYTES)));
  const body = `${TICKET_VERSION}.${conversationId}.${visitorId}.${expiresAt}.${nonce}`;
  return { ticket: `${body}.${await signature(secret, body)}`, expiresAt };
}

/**
 * The ticket's contents when it is well-formed, signed by us, for `conversationId` and unexpired; else null. Use is
 * checked by the object.
 */
export async function verifySocketTicket(
  secret: string,
  ticket: string | undefined | null,
  conversationId: string,
  nowMs = Date.now(),
): Promise<SocketTicket | null> {
  if (!ticket) return null;
  const parts = ticket.split(".");
  if (parts.length !== 6) return null;
  const [version, conversation, visitorId, expires, nonce, mac] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (version !== TICKET_VERSION || conversation !== conversationId || !CONVERSATION_ID.test(conversation)) return null;
  if (!VISITOR_ID.test(visitorId) || !/^\d{1,12}$/.test(expires) || !NONCE.test(nonce)) return null;
  const expected = await signature(secret, parts.slice(0, 5).join("."));
  if (!timingSafeEqual(mac, expected)) return null;
  const expiresAt = Number(expires);
  if (expiresAt * 1000 <= nowMs) return null;
  return { conversationId, visitorId, expiresAt, nonce };
}
