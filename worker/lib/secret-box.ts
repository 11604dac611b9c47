/**
 * Encryption at rest for stored secrets (the agents' webhook and identity signing secrets): AES-256-GCM
 * under a key derived with HKDF-SHA256 from the `SECRETS_KEY` Worker secret, a random 96-bit IV per value,
 * and the row's identity as additional authenticated data, so a value copied to another row never opens.
 * Stored form: `v1.<keyId>.<iv>.<ciphertext>` (base64url). The key id, derived from the key, tells which
 * key sealed a value, so `SECRETS_KEY_PREVIOUS` can open values sealed before a rotation.
 */
import { base64url } from "./crypto";
import { ApiError, missingSecret } from "./errors";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const VERSION = "v1";
const IV_BYTES = 12; // 96 bits, the IV size GCM is specified for; random per value, never reused by design
const KEY_ID_BYTES = 6; // 48 bits: tells a handful of keys apart and, derived separately, reveals nothing of the key
/** What `npm run dev` writes (24 random bytes, base64url); a shorter key is a typed password, not a key. */
export const MIN_SECRETS_KEY_CHARS = 32;
// HKDF inputs: a fixed salt (the key is already random) and one label per derived value.
const HKDF_SALT = encoder.encode("frontdesk secret-box");
const ENCRYPTION_INFO = encoder.encode("aes-256-gcm v1");
const KEY_ID_INFO = encoder.encode("key id v1");
const SEALED = /^v1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;
const VERSIONED = /^v\d+\./; // a sealed value of some version; legacy plaintext secrets start with their prefix

/** A key derived from one SECRETS_KEY value, and the id stored beside what it seals. */
export type BoxKey = { id: string; key: CryptoKey };
/** The key that seals (SECRETS_KEY) and the one that may still open older values (SECRETS_KEY_PREVIOUS). */
export type SecretKeyring = { current: BoxKey; previous: BoxKey | null };
/** The bindings the keyring comes from; empty counts as unset, as for every Worker secret. */
export type SecretsKeyEnv = { SECRETS_KEY?: string; SECRETS_KEY_PREVIOUS?: string };
/** Which row a value belongs to, e.g. `["agent_secrets", agentId, name]`: bound into the ciphertext, named in errors. */
export type SecretContext = readonly string[];
/** An opened value and what sealed it: anything but `current` should be sealed again. */
export type OpenedSecret = { value: string; sealedWith: "current" | "previous" | "plaintext" };

/** A stored secret that cannot be opened; its message names the row and the keys, never a value. */
export class SecretBoxError extends ApiError {
  constructor(code: "secret_key_unknown" | "secret_undecryptable" | "secret_malformed", message: string) {
    super(500, code, message);
  }
}

const keyCache = new Map<string, Promise<BoxKey>>();

async function deriveBoxKey(secret: string): Promise<BoxKey> {
  const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveKey",
    "deriveBits",
  ]);
  const hkdf = (info: Uint8Array) => ({ name: "HKDF", hash: "SHA-256", salt: HKDF_SALT, info });
  const key = await crypto.subtle.deriveKey(hkdf(ENCRYPTION_INFO), material, { name: "AES-GCM", length: 256 }, false, [
    "encrypt",
    "decrypt",
  ]);
  const id = await crypto.subtle.deriveBits(hkdf(KEY_ID_INFO), material, KEY_ID_BYTES * 8);
  return { id: base64url(new Uint8Array(id)), key };
}

/** The derived key of one SECRETS_KEY value, derived once per isolate. */
function boxKey(secret: string): Promise<BoxKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = deriveBoxKey(secret);
    keyCache.set(secret, key);
    key.catch(() => keyCache.delete(secret));
  }
  return key;
}

function checkedKey(name: string, value: string): string {
  if (value.length < MIN_SECRETS_KEY_CHARS)
    throw new ApiError(
      500,
      "server_misconfigured",
      `The secret ${name} is too short: use at least ${MIN_SECRETS_KEY_CHARS} random characters (e.g. \`openssl rand -base64 32\`).`,
    );
  return value;
}

/** The keyring from the Worker's bindings; a missing SECRETS_KEY is the 500 that names it. */
export async function secretKeyring(env: SecretsKeyEnv): Promise<SecretKeyring> {
  if (!env.SECRETS_KEY) throw missingSecret("SECRETS_KEY");
  const current = await boxKey(checkedKey("SECRETS_KEY", env.SECRETS_KEY));
  const previous = env.SECRETS_KEY_PREVIOUS
    ? await boxKey(checkedKey("SECRETS_KEY_PREVIOUS", env.SECRETS_KEY_PREVIOUS))
    : null;
  return { current, previous };
}

const additionalData = (context: SecretContext) => encoder.encode(JSON.stringify(context));
const label = (context: SecretContext) => context.join("/");

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Whether a stored value is sealed (of any version) rather than a plaintext value from before encryption. */
export const isSealed = (stored: string): boolean => VERSIONED.test(stored);

/** Seals `value` for the row `context` with the current key. */
export async function sealSecret(ring: SecretKeyring, value: string, context: SecretContext): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: additionalData(context) },
    ring.current.key,
    encoder.encode(value),
  );
  return [VERSION, ring.current.id, base64url(iv), base64url(new Uint8Array(sealed))].join(".");
}

/**
 * Opens a value stored for the row `context`. A value that is not sealed is returned as legacy plaintext
 * (the caller decides whether it looks like one); one sealed by an unknown key, altered or sealed for
 * another row throws a SecretBoxError.
 */
export async function openSecret(ring: SecretKeyring, stored: string, context: SecretContext): Promise<OpenedSecret> {
  if (!isSealed(stored)) return { value: stored, sealedWith: "plaintext" };
  const parts = SEALED.exec(stored);
  if (!parts?.[1] || !parts[2] || !parts[3])
    throw new SecretBoxError(
      "secret_malformed",
      `The stored secret ${label(context)} is not in a format this version reads.`,
    );
  const [, keyId, iv, ciphertext] = parts;
  const box = keyId === ring.current.id ? ring.current : keyId === ring.previous?.id ? ring.previous : null;
  if (!box)
    throw new SecretBoxError(
      "secret_key_unknown",
      `The stored secret ${label(context)} was encrypted with key ${keyId}, which is neither SECRETS_KEY (${ring.current.id}) ` +
        `nor SECRETS_KEY_PREVIOUS (${ring.previous?.id ?? "not set"}). Set SECRETS_KEY_PREVIOUS to the key it was encrypted with, ` +
        "then POST /api/secrets/reencrypt.",
    );
  const sealedWith = box === ring.current ? "current" : "previous";
  try {
    const opened = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64url(iv), additionalData: additionalData(context) },
      box.key,
      fromBase64url(ciphertext),
    );
    return { value: decoder.decode(opened), sealedWith };
  } catch {
    throw new SecretBoxError(
      "secret_undecryptable",
      `The stored secret ${label(context)} could not be decrypted: it was altered or copied from another row. Rotate it.`,
    );
  }
}
