/**
 * Which stored secrets the running SECRETS_KEY (or SECRETS_KEY_PREVIOUS) can open, for a restore: every
 * sealed value — agent signing secrets, action credentials, channel deployment secrets — is opened and
 * dropped; the answer names the rows that do not open and where to set each again, never a value.
 */
import { database } from "../db/client";
import { actionCredentials } from "../db/action-schema";
import { IDENTITY_SIGNING } from "../db/agent-secrets";
import { channelDeployments } from "../db/channel-schema";
import { agentSecrets } from "../db/schema";
import { openSecret, SecretBoxError, secretKeyring, type SecretContext } from "../lib/secret-box";

/** A stored secret no configured key opens, and the admin route that sets it again. */
export type UnreadableSecret = {
  kind: "agent_secret" | "action_credential" | "channel_secret";
  agentId: string;
  /** The secret's name: `webhook_signing`/`identity_signing`, the action id, or `<deployment id>/<secret name>`. */
  name: string;
  code: string;
  setAgain: string;
};

export type SecretsCheck = { checked: number; unreadable: UnreadableSecret[] };

/** Opens every sealed value with the configured keys and reports the ones that do not open. */
export async function checkStoredSecrets(env: Env): Promise<SecretsCheck> {
  const ring = await secretKeyring(env);
  const db = database(env);
  const report: SecretsCheck = { checked: 0, unreadable: [] };
  const attempt = async (stored: string, context: SecretContext, entry: Omit<UnreadableSecret, "code">) => {
    report.checked++;
    try {
      await openSecret(ring, stored, context);
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      report.unreadable.push({ ...entry, code: error.code });
    }
  };
  // Small tables (a few rows per agent): read whole.
  for (const row of await db.select().from(agentSecrets).all())
    await attempt(row.value, ["agent_secrets", row.agentId, row.name], {
      kind: "agent_secret",
      agentId: row.agentId,
      name: row.name,
      setAgain: `POST /api/agents/${row.agentId}/${row.name === IDENTITY_SIGNING.name ? "identity" : "webhook"}-secret (rotate)`,
    });
  for (const row of await db.select().from(actionCredentials).all())
    await attempt(row.sealed, ["action", row.agentId, row.actionId], {
      kind: "action_credential",
      agentId: row.agentId,
      name: row.actionId,
      setAgain: `PUT /api/agents/${row.agentId}/actions/${row.actionId} (its credential)`,
    });
  for (const row of await db.select().from(channelDeployments).all())
    for (const [name, sealed] of Object.entries(row.secrets))
      await attempt(sealed, ["channel_deployments", row.id, name], {
        kind: "channel_secret",
        agentId: row.agentId,
        name: `${row.id}/${name}`,
        setAgain: `PATCH /api/agents/${row.agentId}/channels/${row.id} (secrets.${name})`,
      });
  return report;
}
