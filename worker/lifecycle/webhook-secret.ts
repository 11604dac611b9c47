/** The per-agent webhook signing secret in `agent_secrets`: created on first use, rotated by the admin, never read back out through the API. */
import { and, eq } from "drizzle-orm";
import { database } from "../db/client";
import { agentSecrets } from "../db/schema";
import { base64url } from "../lib/crypto";

export const WEBHOOK_SECRET_NAME = "webhook_signing";
const SECRET_BYTES = 32; // 256 bits, the HMAC-SHA256 key size

const newSecret = (): string => `whsec_${base64url(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`;
const where = (agentId: string) => and(eq(agentSecrets.agentId, agentId), eq(agentSecrets.name, WEBHOOK_SECRET_NAME));

export async function webhookSecretInfo(env: Pick<Env, "DB">, agentId: string): Promise<{ configured: boolean; createdAt: number | null }> {
  const row = await database(env).select({ createdAt: agentSecrets.createdAt }).from(agentSecrets).where(where(agentId)).get();
  return { configured: row !== undefined, createdAt: row?.createdAt ?? null };
}

/** The agent's signing secret, created when there is none yet (then an admin reads it once by rotating). */
export async function webhookSecret(env: Pick<Env, "DB">, agentId: string): Promise<string> {
  const db = database(env);
  await db.insert(agentSecrets).values({ agentId, name: WEBHOOK_SECRET_NAME, value: newSecret(), createdAt: Date.now() }).onConflictDoNothing();
  const row = await db.select({ value: agentSecrets.value }).from(agentSecrets).where(where(agentId)).get();
  if (!row) throw new Error(`no webhook secret for ${agentId}`);
  return row.value;
}

/** Replaces the secret; the new one is returned this once. */
export async function rotateWebhookSecret(env: Pick<Env, "DB">, agentId: string): Promise<{ secret: string; createdAt: number }> {
  const secret = newSecret();
  const createdAt = Date.now();
  await database(env)
    .insert(agentSecrets)
    .values({ agentId, name: WEBHOOK_SECRET_NAME, value: secret, createdAt })
    .onConflictDoUpdate({ target: [agentSecrets.agentId, agentSecrets.name], set: { value: secret, createdAt } });
  return { secret, createdAt };
}
