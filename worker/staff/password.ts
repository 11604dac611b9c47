/**
 * Staff passwords: PBKDF2-SHA256 with a per-user 16-byte salt at 100,000 iterations (workerd's
 * maximum), stored as `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`, verified in constant time.
 */
import { timingSafeEqual } from "../lib/crypto";

const ALGORITHM = "pbkdf2-sha256";
export const PBKDF2_ITERATIONS = 100_000; // workerd refuses more
const SALT_BYTES = 16;
const HASH_BITS = 256;
export const MIN_PASSWORD_CHARS = 10;
export const MAX_PASSWORD_CHARS = 256; // bounds the hashing work an attacker can ask for

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(
    await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BITS),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  return `${ALGORITHM}$${PBKDF2_ITERATIONS}$${toBase64(salt)}$${toBase64(await derive(password, salt, PBKDF2_ITERATIONS))}`;
}

/** A stored hash to check against when the account does not exist, so both cases take the same time. */
export const DECOY_HASH = `${ALGORITHM}$${PBKDF2_ITERATIONS}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, iterations, salt, hash] = stored.split("$");
  if (algorithm !== ALGORITHM || !iterations || !salt || !hash) return false;
  const rounds = Number(iterations);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > PBKDF2_ITERATIONS) return false;
  const derived = await derive(password, fromBase64(salt), rounds);
  return timingSafeEqual(toBase64(derived), hash);
}
