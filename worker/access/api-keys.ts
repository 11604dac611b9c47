/**
 * Admin API keys: created with one admin role and shown once (`fdk_` and 43 characters of a random
 * 32-byte value), stored as their SHA-256, listed by name and prefix with when they were last used,
 * revocable, optionally expiring. Authentication looks a presented key up by its hash.
 */
import { desc, eq } from "drizzle-orm";
import { database } from "../db/client";
import { apiKeys, type AdminRole } from "../db/access-schema";
import { base64url, randomId, sha256Hex } from "../lib/crypto";
import { notFound } from "../lib/errors";

export const KEY_PREFIX = "fdk_";
const SHOWN_PREFIX = KEY_PREFIX.length + 6; // enough to tell keys apart in a list, far too little to guess the rest
const LAST_USED_PRECISION_MS = 60_000; // a busy key writes its last use at most once a minute
const KEY_ID = /^key_[A-Za-z0-9_-]{22}$/;

export type ApiKeyInfo = {
  id: string;
  name: string;
  role: AdminRole;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
};

const info = (row: typeof apiKeys.$inferSelect): ApiKeyInfo => ({
  id: row.id,
  name: row.name,
  role: row.role,
  prefix: row.prefix,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  expiresAt: row.expiresAt,
  revokedAt: row.revokedAt,
});

/** A new key: the whole key is in the answer, and nowhere else, ever. */
export async function createApiKey(
  env: Env,
  input: { name: string; role: AdminRole; expiresAt: number | null },
): Promise<ApiKeyInfo & { key: string }> {
  const key = `${KEY_PREFIX}${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  const row = {
    id: randomId("key"),
    name: input.name,
    role: input.role,
    keyHash: await sha256Hex(key),
    prefix: key.slice(0, SHOWN_PREFIX),
    createdAt: Date.now(),
    lastUsedAt: null,
    expiresAt: input.expiresAt,
    revokedAt: null,
  };
  await database(env).insert(apiKeys).values(row);
  return { ...info(row), key };
}

export async function listApiKeys(env: Env): Promise<ApiKeyInfo[]> {
  return (await database(env).select().from(apiKeys).orderBy(desc(apiKeys.createdAt)).all()).map(info);
}

/** Revokes a key at once (revoking again changes nothing); 404 for an unknown id. */
export async function revokeApiKey(env: Env, id: string): Promise<ApiKeyInfo> {
  if (!KEY_ID.test(id)) throw notFound("API key");
  const db = database(env);
  const row = await db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
  if (!row) throw notFound("API key");
  if (row.revokedAt !== null) return info(row);
  const revokedAt = Date.now();
  await db.update(apiKeys).set({ revokedAt }).where(eq(apiKeys.id, id));
  return info({ ...row, revokedAt });
}

/** The live key a bearer token is (not revoked, not expired), noting its use; null for anything else. */
export async function authenticateApiKey(env: Env, presented: string): Promise<{ id: string; role: AdminRole } | null> {
  if (!presented.startsWith(KEY_PREFIX)) return null;
  const db = database(env);
  const row = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, await sha256Hex(presented)))
    .get();
  const now = Date.now();
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  if (row.lastUsedAt === null || now - row.lastUsedAt >= LAST_USED_PRECISION_MS)
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  return { id: row.id, role: row.role };
}
