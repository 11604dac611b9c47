/**
 * The credential each action authenticates with (`action_credentials` in D1): set, replaced or
 * removed by the actions API, opened only for the call that sends it, never returned. Each value is
 * sealed for its row (lib/secret-box.ts, context `["action", agentId, actionId]`); one sealed by
 * SECRETS_KEY_PREVIOUS is sealed again with SECRETS_KEY when it is opened, or by `POST
 * /api/secrets/reencrypt` (reencryptActionCredentials).
 */
import { and, eq, inArray, not } from "drizzle-orm";
import { actionCredentials } from "../db/action-schema";
import { database } from "../db/client";
import { afterKey, keyOrder, resealEveryRow, type KeyColumns, type PageKey } from "../db/key-pages";
import { SecretBoxError, openSecret, sealSecret, secretKeyring, type SecretsKeyEnv } from "../lib/secret-box";

/** A bearer token, password or API key; longer is not a credential someone pasted. */
export const MAX_CREDENTIAL_CHARS = 4_000;

type CredentialsEnv = Pick<Env, "DB"> & SecretsKeyEnv;

const context = (agentId: string, actionId: string) => ["action", agentId, actionId] as const;
const where = (agentId: string, actionId: string) =>
  and(eq(actionCredentials.agentId, agentId), eq(actionCredentials.actionId, actionId));

/** Sets the action's credential, or removes it (`null`). */
export async function setActionCredential(
  env: CredentialsEnv,
  agentId: string,
  actionId: string,
  value: string | null,
): Promise<void> {
  const db = database(env);
  if (value === null) {
    await db.delete(actionCredentials).where(where(agentId, actionId));
    return;
  }
  const sealed = await sealSecret(await secretKeyring(env), value, context(agentId, actionId));
  const updatedAt = Date.now();
  await db
    .insert(actionCredentials)
    .values({ agentId, actionId, sealed, updatedAt })
    .onConflictDoUpdate({
      target: [actionCredentials.agentId, actionCredentials.actionId],
      set: { sealed, updatedAt },
    });
}

/** The ids of the agent's actions that have a credential (never the values). */
export async function actionCredentialsSet(env: Pick<Env, "DB">, agentId: string): Promise<Set<string>> {
  const rows = await database(env)
    .select({ actionId: actionCredentials.actionId })
    .from(actionCredentials)
    .where(eq(actionCredentials.agentId, agentId))
    .all();
  return new Set(rows.map((row) => row.actionId));
}

/** The action's credential, opened for the call that sends it; null when none is set. */
export async function openActionCredential(
  env: CredentialsEnv,
  agentId: string,
  actionId: string,
): Promise<string | null> {
  const db = database(env);
  const row = await db
    .select({ sealed: actionCredentials.sealed })
    .from(actionCredentials)
    .where(where(agentId, actionId))
    .get();
  if (!row) return null;
  const ring = await secretKeyring(env);
  const opened = await openSecret(ring, row.sealed, context(agentId, actionId));
  // Only this module writes the table, and it always seals: a plaintext value was put there by hand.
  if (opened.sealedWith === "plaintext")
    throw new SecretBoxError(
      "secret_malformed",
      `The stored secret action/${agentId}/${actionId} is not encrypted; set the action's credential again.`,
    );
  if (opened.sealedWith === "previous")
    await db
      .update(actionCredentials)
      .set({ sealed: await sealSecret(ring, opened.value, context(agentId, actionId)) })
      .where(and(where(agentId, actionId), eq(actionCredentials.sealed, row.sealed))); // a newer value wins
  return opened.value;
}

/** Removes the agent's credentials, all of them or all but those of `keepActionIds` (the actions that remain). */
export async function deleteActionCredentials(
  env: Pick<Env, "DB">,
  agentId: string,
  keepActionIds: string[] = [],
): Promise<void> {
  await database(env)
    .delete(actionCredentials)
    .where(
      and(
        eq(actionCredentials.agentId, agentId),
        keepActionIds.length > 0 ? not(inArray(actionCredentials.actionId, keepActionIds)) : undefined,
      ),
    );
}

/** What re-encrypting every action credential did; `failed` names rows (never values) no configured key opens. */
export type CredentialsReencryptReport = {
  total: number;
  alreadyCurrent: number;
  reencrypted: number;
  failed: Array<{ agentId: string; actionId: string; code: string; message: string }>;
};

/** Seals every stored action credential with SECRETS_KEY: the rotation step before SECRETS_KEY_PREVIOUS is removed. */
export async function reencryptActionCredentials(env: CredentialsEnv): Promise<CredentialsReencryptReport> {
  const ring = await secretKeyring(env);
  const db = database(env);
  const report: CredentialsReencryptReport = { total: 0, alreadyCurrent: 0, reencrypted: 0, failed: [] };
  const key: KeyColumns = [actionCredentials.agentId, actionCredentials.actionId];
  const read = (after: PageKey | null, limit: number) =>
    db
      .select({
        agentId: actionCredentials.agentId,
        actionId: actionCredentials.actionId,
        sealed: actionCredentials.sealed,
      })
      .from(actionCredentials)
      .where(afterKey(key, after))
      .orderBy(...keyOrder(key))
      .limit(limit)
      .all();
  report.total = await resealEveryRow(
    db,
    read,
    (row) => [row.agentId, row.actionId],
    async (row) => {
      const opened = await openSecret(ring, row.sealed, context(row.agentId, row.actionId));
      if (opened.sealedWith === "plaintext")
        throw new SecretBoxError(
          "secret_malformed",
          `The stored secret action/${row.agentId}/${row.actionId} is not encrypted.`,
        );
      if (opened.sealedWith === "current") {
        report.alreadyCurrent++;
        return null;
      }
      report.reencrypted++;
      const sealed = await sealSecret(ring, opened.value, context(row.agentId, row.actionId));
      return {
        write: db
          .update(actionCredentials)
          .set({ sealed })
          .where(and(where(row.agentId, row.actionId), eq(actionCredentials.sealed, row.sealed))),
      };
    },
    (row, error) =>
      report.failed.push({ agentId: row.agentId, actionId: row.actionId, code: error.code, message: error.message }),
  );
  return report;
}
