/** Bearer secrets (staff sessions, invitation links, email verification links): 256 random bits, stored only as their SHA-256. */
import { base64url, sha256Hex } from "./crypto";

const TOKEN_BYTES = 32;

export function newToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
}

/** What the database keeps: a leaked table does not let anyone sign in. */
export const tokenHash = (token: string): Promise<string> => sha256Hex(token);

/** A well-formed token (43 base64url characters), checked before any lookup. */
export const isTokenShaped = (value: string | undefined | null): value is string =>
  typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
