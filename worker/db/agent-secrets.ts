/**
 * Named per-agent secrets in `agent_secrets` (the webhook signing secret, the host-site identity
 * secret): created on first use or by an admin's rotation, never read back out through the API.
 */
import { and, eq } from "drizzle-orm";
import { database } from "./client";
import { agentSecrets } from "./schema";
import { base64url } from "../lib/crypto";

/** A kind of agent secret: its row name and the prefix that makes a leaked value recognisable. */
export type AgentSecretKind = { name: string; prefix: string };

/** Signs the agent's outgoing webhooks. */
export const WEBHOOK_SIGNING: AgentSecretKind = { name: "webhook_signing", prefix: "whsec_" };
/** Signs host-site identities (HMAC hashes and HS256 JWTs) given to the widget. */
export const IDENTITY_SIGNING: AgentSecretKind = { name: "identity_signing", prefix: "idsec_" };

const SECRET_BYTES = 32; // 256 bits, the HMAC-SHA256 key size

const newSecret = (kind: AgentSecretKind): string =>
  `${kind.prefix}${base64url(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`;
const where = (agentId: string, kind: AgentSecretKind) =>
  and(eq(agentSecrets.agentId, agentId), eq(agentSecrets.name, kind.name));

/** Whether the agent has this secret and since when; never the value. */
export async function agentSecretInfo(
  env: Pick<Env, "DB">,
  agentId: string,
  kind: AgentSecretKind,
): Promise<{ configured: boolean; createdAt: number | null }> {
  const row = await database(env)
    .select({ createdAt: agentSecrets.createdAt })
    .from(agentSecrets)
    .where(where(agentId, kind))
    .get();
  return { configured: row !== undefined, createdAt: row?.createdAt ?? null };
}

/** The stored secret, or null when the admin never created one (nothing can have been signed with it). */
export async function storedAgentSecret(
  env: Pick<Env, "DB">,
  agentId: string,
  kind: AgentSecretKind,
): Promise<string | null> {
  const row = await database(env)
    .select({ value: agentSecrets.value })
    .from(agentSecrets)
    .where(where(agentId, kind))
    .get();
  return row?.value ?? null;
}

/** The secret, created when there is none yet (then an admin reads it once by rotating). */
export async function agentSecret(env: Pick<Env, "DB">, agentId: string, kind: AgentSecretKind): Promise<string> {
  await database(env)
    .insert(agentSecrets)
    .values({ agentId, name: kind.name, value: newSecret(kind), createdAt: Date.now() })
    .onConflictDoNothing();
  const value = await storedAgentSecret(env, agentId, kind);
  if (value === null) throw new Error(`no ${kind.name} secret for ${agentId}`);
  return value;
}

/** Replaces the secret; the new one is returned this once. */
export async function rotateAgentSecret(
  env: Pick<Env, "DB">,
  agentId: string,
  kind: AgentSecretKind,
): Promise<{ secret: string; createdAt: number }> {
  const secret = newSecret(kind);
  const createdAt = Date.now();
  await database(env)
    .insert(agentSecrets)
    .values({ agentId, name: kind.name, value: secret, createdAt })
    .onConflictDoUpdate({ target: [agentSecrets.agentId, agentSecrets.name], set: { value: secret, createdAt } });
  return { secret, createdAt };
}
