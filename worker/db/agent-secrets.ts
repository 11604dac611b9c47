/**
 * Named per-agent secrets in `agent_secrets` (the webhook signing secret, the host-site identity
 * secret): created on first use or by an admin's rotation, never read back out through the API, and
 * stored sealed (lib/secret-box.ts, SECRETS_KEY) for their row. A row from before encryption, or one
 * sealed by SECRETS_KEY_PREVIOUS, is sealed again with SECRETS_KEY when it is read or re-encrypted.
 */
import { and, eq } from "drizzle-orm";
import { database } from "./client";
import { afterKey, keyOrder, resealEveryRow, type KeyColumns, type PageKey } from "./key-pages";
import { agentSecrets } from "./schema";
import { base64url } from "../lib/crypto";
import {
  openSecret,
  sealSecret,
  SecretBoxError,
  secretKeyring,
  type OpenedSecret,
  type SecretContext,
  type SecretKeyring,
  type SecretsKeyEnv,
} from "../lib/secret-box";

/** A kind of agent secret: its row name and the prefix that makes a leaked value recognisable. */
export type AgentSecretKind = { name: string; prefix: string };

/** Signs the agent's outgoing webhooks. */
export const WEBHOOK_SIGNING: AgentSecretKind = { name: "webhook_signing", prefix: "whsec_" };
/** Signs host-site identities (HMAC hashes and HS256 JWTs) given to the widget. */
export const IDENTITY_SIGNING: AgentSecretKind = { name: "identity_signing", prefix: "idsec_" };
const KINDS = [WEBHOOK_SIGNING, IDENTITY_SIGNING];

/** The bindings reading or writing a secret value needs: the database and the keys that seal values. */
export type AgentSecretsEnv = Pick<Env, "DB"> & SecretsKeyEnv;

const SECRET_BYTES = 32; // 256 bits, the HMAC-SHA256 key size

const newSecret = (kind: AgentSecretKind): string =>
  `${kind.prefix}${base64url(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)))}`;
const where = (agentId: string, name: string) => and(eq(agentSecrets.agentId, agentId), eq(agentSecrets.name, name));
/** The row a sealed value belongs to: a value copied to another agent or secret does not open. */
const context = (agentId: string, name: string): SecretContext => ["agent_secrets", agentId, name];

/** Opens a stored value; a legacy plaintext one must look like its kind, or it was not written by us. */
async function openRow(
  ring: SecretKeyring,
  row: { agentId: string; name: string; value: string },
): Promise<OpenedSecret> {
  const opened = await openSecret(ring, row.value, context(row.agentId, row.name));
  const prefix = KINDS.find((kind) => kind.name === row.name)?.prefix;
  if (opened.sealedWith === "plaintext" && (!prefix || !opened.value.startsWith(prefix)))
    throw new SecretBoxError(
      "secret_malformed",
      `The stored secret agent_secrets/${row.agentId}/${row.name} is neither encrypted nor a ${row.name} secret.`,
    );
  return opened;
}

/** Writes a row's value sealed anew, unless the row changed meanwhile (a rotation wins). A query, not yet run. */
const resealQuery = (env: AgentSecretsEnv, row: { agentId: string; name: string; value: string }, sealed: string) =>
  database(env)
    .update(agentSecrets)
    .set({ value: sealed })
    .where(and(where(row.agentId, row.name), eq(agentSecrets.value, row.value)));
const reseal = (ring: SecretKeyring, row: { agentId: string; name: string }, value: string) =>
  sealSecret(ring, value, context(row.agentId, row.name));

/** Whether the agent has this secret and since when; never the value. */
export async function agentSecretInfo(
  env: Pick<Env, "DB">,
  agentId: string,
  kind: AgentSecretKind,
): Promise<{ configured: boolean; createdAt: number | null }> {
  const row = await database(env)
    .select({ createdAt: agentSecrets.createdAt })
    .from(agentSecrets)
    .where(where(agentId, kind.name))
    .get();
  return { configured: row !== undefined, createdAt: row?.createdAt ?? null };
}

/** The stored secret, or null when the admin never created one (nothing can have been signed with it). */
export async function storedAgentSecret(
  env: AgentSecretsEnv,
  agentId: string,
  kind: AgentSecretKind,
): Promise<string | null> {
  const ring = await secretKeyring(env);
  const row = await database(env)
    .select({ agentId: agentSecrets.agentId, name: agentSecrets.name, value: agentSecrets.value })
    .from(agentSecrets)
    .where(where(agentId, kind.name))
    .get();
  if (!row) return null;
  const opened = await openRow(ring, row);
  if (opened.sealedWith !== "current") await resealQuery(env, row, await reseal(ring, row, opened.value));
  return opened.value;
}

/** The secret, created when there is none yet (then an admin reads it once by rotating). */
export async function agentSecret(env: AgentSecretsEnv, agentId: string, kind: AgentSecretKind): Promise<string> {
  const ring = await secretKeyring(env);
  await database(env)
    .insert(agentSecrets)
    .values({
      agentId,
      name: kind.name,
      value: await sealSecret(ring, newSecret(kind), context(agentId, kind.name)),
      createdAt: Date.now(),
    })
    .onConflictDoNothing();
  const value = await storedAgentSecret(env, agentId, kind);
  if (value === null) throw new Error(`no ${kind.name} secret for ${agentId}`);
  return value;
}

/** Replaces the secret; the new one is returned this once. */
export async function rotateAgentSecret(
  env: AgentSecretsEnv,
  agentId: string,
  kind: AgentSecretKind,
): Promise<{ secret: string; createdAt: number }> {
  const ring = await secretKeyring(env);
  const secret = newSecret(kind);
  const value = await sealSecret(ring, secret, context(agentId, kind.name));
  const createdAt = Date.now();
  await database(env)
    .insert(agentSecrets)
    .values({ agentId, name: kind.name, value, createdAt })
    .onConflictDoUpdate({ target: [agentSecrets.agentId, agentSecrets.name], set: { value, createdAt } });
  return { secret, createdAt };
}

/** What re-encrypting every agent secret did; `failed` names rows (never values) no configured key opens. */
export type ReencryptReport = {
  total: number;
  alreadyCurrent: number;
  reencrypted: { fromPreviousKey: number; fromPlaintext: number };
  failed: Array<{ agentId: string; name: string; code: string; message: string }>;
};

/** Seals every stored agent secret with SECRETS_KEY: the rotation step before SECRETS_KEY_PREVIOUS is removed. */
export async function reencryptAgentSecrets(env: AgentSecretsEnv): Promise<ReencryptReport> {
  const ring = await secretKeyring(env);
  const db = database(env);
  const report: ReencryptReport = {
    total: 0,
    alreadyCurrent: 0,
    reencrypted: { fromPreviousKey: 0, fromPlaintext: 0 },
    failed: [],
  };
  const key: KeyColumns = [agentSecrets.agentId, agentSecrets.name];
  const read = (after: PageKey | null, limit: number) =>
    db
      .select({ agentId: agentSecrets.agentId, name: agentSecrets.name, value: agentSecrets.value })
      .from(agentSecrets)
      .where(afterKey(key, after))
      .orderBy(...keyOrder(key))
      .limit(limit)
      .all();
  report.total = await resealEveryRow(
    db,
    read,
    (row) => [row.agentId, row.name],
    async (row) => {
      const opened = await openRow(ring, row);
      if (opened.sealedWith === "current") {
        report.alreadyCurrent++;
        return null;
      }
      if (opened.sealedWith === "plaintext") report.reencrypted.fromPlaintext++;
      else report.reencrypted.fromPreviousKey++;
      return { write: resealQuery(env, row, await reseal(ring, row, opened.value)) };
    },
    (row, error) =>
      report.failed.push({ agentId: row.agentId, name: row.name, code: error.code, message: error.message }),
  );
  return report;
}
