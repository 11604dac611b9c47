/**
 * Webhook signatures (DECISIONS): `Frontdesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.rawBody">`. Receivers recompute it over the raw body and reject stale timestamps, which
 * stops replays of captured deliveries. Used both ways: handoff webhooks and custom channels'
 * replies are signed here, and custom channels' inbound messages are checked here.
 */
import { hmacSha256, timingSafeEqual } from "../lib/crypto";

export const SIGNATURE_HEADER = "Frontdesk-Signature";
/** Receivers reject signatures older (or further in the future) than this. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

export async function signWebhook(secret: string, rawBody: string, nowMs = Date.now()): Promise<string> {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${hex(await hmacSha256(secret, `${t}.${rawBody}`))}`;
}

/** Why a signature was refused: none sent, not in the `t=…,v1=…` form, outside the time window, or not matching the body. */
export type SignatureRefusal = "missing" | "malformed" | "stale" | "mismatch";

/**
 * Checks that `header` signs exactly `rawBody` with `secret` within the tolerance (both directions);
 * any v1 value may match (secret rotation). The comparison is in constant time.
 */
export async function checkWebhookSignature(
  secret: string,
  header: string | null,
  rawBody: string,
  nowMs = Date.now(),
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): Promise<{ ok: true } | { ok: false; refusal: SignatureRefusal }> {
  if (!header?.trim()) return { ok: false, refusal: "missing" };
  const pairs = header.split(",").map((part) => part.trim().split("="));
  const timestamps = pairs.filter(([key]) => key === "t").map(([, value]) => value ?? "");
  const signatures = pairs
    .filter(([key, value]) => key === "v1" && /^[0-9a-f]{64}$/.test(value ?? ""))
    .map(([, value]) => value ?? "");
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0] ?? "") || signatures.length === 0)
    return { ok: false, refusal: "malformed" };
  const t = Number(timestamps[0]);
  if (Math.abs(nowMs / 1000 - t) > toleranceSeconds) return { ok: false, refusal: "stale" };
  const expected = hex(await hmacSha256(secret, `${t}.${rawBody}`));
  let matched = false;
  for (const signature of signatures) matched = timingSafeEqual(signature, expected) || matched;
  return matched ? { ok: true } : { ok: false, refusal: "mismatch" };
}

/** True when `header` signs exactly `rawBody` with `secret` within the tolerance (see `checkWebhookSignature`). */
export async function verifyWebhookSignature(
  secret: string,
  header: string | null,
  rawBody: string,
  nowMs = Date.now(),
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): Promise<boolean> {
  return (await checkWebhookSignature(secret, header, rawBody, nowMs, toleranceSeconds)).ok;
}
