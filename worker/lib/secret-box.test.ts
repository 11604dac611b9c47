/**
 * The secret box: AES-256-GCM values that name the key that sealed them, bound to their row, opened by
 * SECRETS_KEY or SECRETS_KEY_PREVIOUS, and clear errors (never the value) when they cannot be opened.
 */
import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { isSealed, openSecret, secretKeyring, sealSecret, SecretBoxError, type SecretKeyring } from "./secret-box";

const OLD_KEY = "old-key-0123456789abcdefghijklmnopqrstuvwxyz";
const NEW_KEY = "new-key-0123456789abcdefghijklmnopqrstuvwxyz";
const SECRET = "whsec_the-plaintext-signing-secret";
const ROW = ["agent_secrets", "acme", "webhook_signing"] as const;

const ring = (current: string, previous?: string): Promise<SecretKeyring> =>
  secretKeyring({ SECRETS_KEY: current, SECRETS_KEY_PREVIOUS: previous ?? "" });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe("secret box", () => {
  it("seals as v1.<keyId>.<iv>.<ciphertext> without the plaintext, a fresh IV each time, and opens again", async () => {
    const keys = await ring(NEW_KEY);
    const sealed = await sealSecret(keys, SECRET, ROW);
    expect(sealed).toMatch(new RegExp(`^v1\\.${keys.current.id}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain("the-plaintext");
    expect(isSealed(sealed)).toBe(true);
    expect(await sealSecret(keys, SECRET, ROW)).not.toBe(sealed);
    expect(await openSecret(keys, sealed, ROW)).toEqual({ value: SECRET, sealedWith: "current" });
  });

  it("derives each key once per isolate and gives different keys different ids", async () => {
    const first = await ring(NEW_KEY);
    expect((await ring(NEW_KEY)).current).toBe(first.current);
    expect((await ring(OLD_KEY)).current.id).not.toBe(first.current.id);
  });

  it("refuses a value moved to another row, or altered, without showing it", async () => {
    const keys = await ring(NEW_KEY);
    const sealed = await sealSecret(keys, SECRET, ROW);
    const moved = await failure(openSecret(keys, sealed, ["agent_secrets", "other", "webhook_signing"]));
    expect(moved).toBeInstanceOf(SecretBoxError);
    expect(moved.code).toBe("secret_undecryptable");
    expect(moved.message).toContain("agent_secrets/other/webhook_signing");
    expect(moved.message).not.toContain("the-plaintext");
    expect((await failure(openSecret(keys, sealed, [...ROW.slice(0, 2), "identity_signing"]))).code).toBe(
      "secret_undecryptable",
    );
    const last = sealed.at(-2) === "A" ? "B" : "A";
    const altered = `${sealed.slice(0, -2)}${last}${sealed.at(-1)}`;
    expect((await failure(openSecret(keys, altered, ROW))).code).toBe("secret_undecryptable");
    expect((await failure(openSecret(keys, "v1.abc.def", ROW))).code).toBe("secret_malformed");
  });

  it("opens a value sealed by the previous key through SECRETS_KEY_PREVIOUS, and names that setting when it is unset", async () => {
    const sealed = await sealSecret(await ring(OLD_KEY), SECRET, ROW);
    const rotating = await ring(NEW_KEY, OLD_KEY);
    expect(await openSecret(rotating, sealed, ROW)).toEqual({ value: SECRET, sealedWith: "previous" });
    const unknown = await failure(openSecret(await ring(NEW_KEY), sealed, ROW));
    expect(unknown.code).toBe("secret_key_unknown");
    expect(unknown.status).toBe(500);
    expect(unknown.message).toContain("SECRETS_KEY_PREVIOUS");
    expect(unknown.message).toContain(rotating.previous?.id);
    expect(unknown.message).not.toContain("the-plaintext");
    expect(unknown.message).not.toContain(OLD_KEY);
  });

  it("reads a value stored before encryption as legacy plaintext", async () => {
    expect(isSealed(SECRET)).toBe(false);
    expect(await openSecret(await ring(NEW_KEY), SECRET, ROW)).toEqual({ value: SECRET, sealedWith: "plaintext" });
  });

  it("a missing SECRETS_KEY is the missing-secret error naming it; a short key is refused", async () => {
    const missing = await failure(secretKeyring({}));
    expect(missing).toMatchObject({ status: 500, code: "server_misconfigured" });
    expect(missing.message).toContain("SECRETS_KEY");
    expect((await failure(secretKeyring({ SECRETS_KEY: "" }))).code).toBe("server_misconfigured");
    const short = await failure(secretKeyring({ SECRETS_KEY: "too-short" }));
    expect(short.message).toContain("SECRETS_KEY is too short");
    const shortPrevious = await failure(secretKeyring({ SECRETS_KEY: NEW_KEY, SECRETS_KEY_PREVIOUS: "short" }));
    expect(shortPrevious.message).toContain("SECRETS_KEY_PREVIOUS is too short");
  });
});
