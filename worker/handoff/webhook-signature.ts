/**
 * Webhook signatures (DECISIONS): `Frontdesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.rawBody">`. Receivers recompute it over the raw body and reject stale timestamps, which
 * stops replays of captured deliveries.
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

/** True when `header` signs exactly `rawBody` with `secret` within the tolerance. Any v1 value may match (secret rotation). */
export async function verifyWebhookSignature(
  secret: string,
  header: string | null,
  rawBody: string,
  nowMs = Date.now(),
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): Promise<boolean> {
  if (!header) return false;
  const pairs = header.split(",").map((part) => part.trim().split("="));
  const timestamps = pairs.filter(([key]) => key === "t").map(([, value]) => value ?? "");
  const signatures = pairs
    .filter(([key, value]) => key === "v1" && /^[0-9a-f]{64}$/.test(value ?? ""))
    .map(([, value]) => value ?? "");
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0] ?? "") || signatures.length === 0) return false;
  const t = Number(timestamps[0]);
  if (Math.abs(nowMs / 1000 - t) > toleranceSeconds) return false;
  const expected = hex(await hmacSha256(secret, `${t}.${rawBody}`));
  let matched = false;
  for (const signature of signatures) matched = timingSafeEqual(signature, expected) || matched;
  return matched;
}
