/**
 * Channel deployments in D1: deploy (or bring back) an agent on an address, change its connection,
 * remove it, and find the deployment an inbound message is for. Secrets are sealed for their row
 * (lib/secret-box.ts) and only ever opened here, for the adapter that sends with them.
 */
import { and, asc, eq } from "drizzle-orm";
import { database } from "../../db/client";
import { channelDeployments } from "../../db/channel-schema";
import { base64url, randomId } from "../../lib/crypto";
import { ApiError } from "../../lib/errors";
import { openSecret, sealSecret, secretKeyring, type SecretsKeyEnv } from "../../lib/secret-box";
import type { DeployableChannel } from "../../protocol/channels";
import { SECRET_NAMES } from "./connection";

export type DeploymentRow = typeof channelDeployments.$inferSelect;
/** A deployment as the API shows it: which secrets are set, never their values. */
export type DeploymentView = Omit<DeploymentRow, "secrets"> & { secretsSet: string[]; secretsMissing: string[] };
/** A deployment with its secrets opened, for the adapter that receives or sends with them. */
export type OpenDeployment = Omit<DeploymentRow, "secrets" | "channel"> & {
  channel: DeployableChannel;
  secrets: Record<string, string>;
};

type StoreEnv = Pick<Env, "DB"> & SecretsKeyEnv;

const context = (id: string, name: string) => ["channel_deployments", id, name] as const;

export function deploymentView(row: DeploymentRow): DeploymentView {
  const { secrets, ...rest } = row;
  const names = SECRET_NAMES[row.channel as DeployableChannel] ?? [];
  return {
    ...rest,
    secretsSet: names.filter((name) => name in secrets),
    secretsMissing: names.filter((name) => !(name in secrets)),
  };
}

async function sealAll(env: StoreEnv, id: string, secrets: Record<string, string>): Promise<Record<string, string>> {
  const ring = await secretKeyring(env);
  const sealed: Record<string, string> = {};
  for (const [name, value] of Object.entries(secrets)) sealed[name] = await sealSecret(ring, value, context(id, name));
  return sealed;
}

/** A new signing secret for a custom channel, shown once. */
export const newSigningSecret = (): string => `chsec_${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;

export async function listDeployments(env: StoreEnv, agentId: string): Promise<DeploymentView[]> {
  const rows = await database(env)
    .select()
    .from(channelDeployments)
    .where(eq(channelDeployments.agentId, agentId))
    .orderBy(asc(channelDeployments.createdAt));
  return rows.map(deploymentView);
}

export async function getDeployment(env: StoreEnv, agentId: string, id: string): Promise<DeploymentRow | null> {
  const row = await database(env)
    .select()
    .from(channelDeployments)
    .where(and(eq(channelDeployments.id, id), eq(channelDeployments.agentId, agentId)))
    .get();
  return row ?? null;
}

/**
 * Deploys the agent on `address`. An address held by a live deployment of another agent is a 409; one
 * whose deployment was removed is taken over (its old conversations keep their own agent).
 */
export async function deploy(
  env: StoreEnv,
  agentId: string,
  input: {
    channel: DeployableChannel;
    address: string;
    config: Record<string, string>;
    secrets: Record<string, string>;
  },
): Promise<DeploymentRow> {
  const db = database(env);
  const now = Date.now();
  const held = await db
    .select()
    .from(channelDeployments)
    .where(and(eq(channelDeployments.channel, input.channel), eq(channelDeployments.address, input.address)))
    .get();
  if (held && held.removedAt === null)
    throw new ApiError(
      409,
      "address_taken",
      held.agentId === agentId
        ? `This agent is already deployed on ${input.address}`
        : `${input.address} is already used by another agent`,
    );
  const id = held?.id ?? randomId("dep");
  const row: DeploymentRow = {
    id,
    agentId,
    channel: input.channel,
    address: input.address,
    config: input.config,
    secrets: await sealAll(env, id, input.secrets),
    removedAt: null,
    createdAt: held?.createdAt ?? now,
    updatedAt: now,
  };
  if (held) await db.update(channelDeployments).set(row).where(eq(channelDeployments.id, id));
  else await db.insert(channelDeployments).values(row);
  return row;
}

/** Changes settings and replaces the secrets given; the others stay as they were. */
export async function updateDeployment(
  env: StoreEnv,
  row: DeploymentRow,
  change: { config: Record<string, string>; secrets: Record<string, string> },
): Promise<DeploymentRow> {
  const updated: DeploymentRow = {
    ...row,
    config: { ...row.config, ...change.config },
    secrets: { ...row.secrets, ...(await sealAll(env, row.id, change.secrets)) },
    updatedAt: Date.now(),
  };
  await database(env)
    .update(channelDeployments)
    .set({ config: updated.config, secrets: updated.secrets, updatedAt: updated.updatedAt })
    .where(eq(channelDeployments.id, row.id));
  return updated;
}

/** Takes the agent off the channel: the row stays, so its conversations stay readable and new messages reach a person. */
export async function removeDeployment(env: StoreEnv, row: DeploymentRow): Promise<DeploymentRow> {
  const now = Date.now();
  await database(env)
    .update(channelDeployments)
    .set({ removedAt: now, updatedAt: now })
    .where(eq(channelDeployments.id, row.id));
  return { ...row, removedAt: now, updatedAt: now };
}

/** The deployment (live or removed) on a channel's address, with its secrets opened; null when there is none. */
export async function findDeployment(
  env: StoreEnv,
  channel: DeployableChannel,
  address: string,
): Promise<OpenDeployment | null> {
  const row = await database(env)
    .select()
    .from(channelDeployments)
    .where(and(eq(channelDeployments.channel, channel), eq(channelDeployments.address, address)))
    .get();
  return row ? openDeployment(env, row) : null;
}

/** The deployment by id, with its secrets opened. */
export async function deploymentById(env: StoreEnv, id: string): Promise<OpenDeployment | null> {
  const row = await database(env).select().from(channelDeployments).where(eq(channelDeployments.id, id)).get();
  return row ? openDeployment(env, row) : null;
}

export async function openDeployment(env: StoreEnv, row: DeploymentRow): Promise<OpenDeployment> {
  const ring = await secretKeyring(env);
  const secrets: Record<string, string> = {};
  for (const [name, sealed] of Object.entries(row.secrets))
    secrets[name] = (await openSecret(ring, sealed, context(row.id, name))).value;
  return { ...row, channel: row.channel as DeployableChannel, secrets };
}

/** Whether the agent was taken off this deployment (a deleted row counts as removed). */
export async function deploymentRemoved(env: Pick<Env, "DB">, id: string): Promise<boolean> {
  const row = await database(env)
    .select({ removedAt: channelDeployments.removedAt })
    .from(channelDeployments)
    .where(eq(channelDeployments.id, id))
    .get();
  return !row || row.removedAt !== null;
}
