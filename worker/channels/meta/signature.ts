/**
 * Meta's two webhook checks: the verification handshake (`hub.mode=subscribe` with the deployment's
 * verify token, answered with `hub.challenge`) and the `X-Hub-Signature-256` header, an HMAC-SHA256
 * of the raw body with the app secret. Both compare in constant time; the body is never parsed
 * before its signature is good.
 */
import { timingSafeEqual } from "../../lib/crypto";

const SIGNATURE_PREFIX = "sha256=";
export const SIGNATURE_HEADER = "x-hub-signature-256";
const MAX_CHALLENGE_CHARS = 200; // Meta's challenges are short numbers; anything longer is not Meta

/** The challenge to echo when the handshake presents the right token; null otherwise (403). */
export function handshakeChallenge(query: (name: string) => string | undefined, verifyToken: string): string | null {
  const mode = query("hub.mode");
  const token = query("hub.verify_token");
  const challenge = query("hub.challenge");
  if (mode !== "subscribe" || token === undefined || !challenge || challenge.length > MAX_CHALLENGE_CHARS) return null;
  return timingSafeEqual(token, verifyToken) ? challenge : null;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** `sha256=<hex>` of the raw body bytes with the app secret, as Meta signs a delivery. */
export async function metaSignature(appSecret: string, body: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(appSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return `${SIGNATURE_PREFIX}${hex(new Uint8Array(await crypto.subtle.sign("HMAC", key, body)))}`;
}

/** Whether the header is Meta's signature of exactly these bytes. */
export async function signatureValid(
  appSecret: string,
  body: Uint8Array,
  header: string | undefined,
): Promise<boolean> {
  if (!header?.startsWith(SIGNATURE_PREFIX)) return false;
  return timingSafeEqual(header.trim().toLowerCase(), await metaSignature(appSecret, body));
}
