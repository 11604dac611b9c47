/** Reading and saving agent configurations (versioned documents; see DECISIONS "Configuration versions"). */
import { eq, sql } from "drizzle-orm";
import type { Db } from "./client";
import { agents, agentVersions } from "./schema";

export const PERSONALITIES = ["friendly", "professional", "casual", "empathetic", "witty", "brand_voice"] as const;
export type Personality = (typeof PERSONALITIES)[number];

/** Settings beyond the named columns; grows with later issues (channels, handoff, CRM access…). */
export type AgentSettings = {
  accentColor?: string;
  brandVoice?: string;
  /** IANA time zone for credit resets (working hours carry their own); default UTC. */
  timeZone?: string;
  /** Per-channel lifecycle settings (`worker/lifecycle/settings.ts`), keyed by channel. */
  channels?: Record<string, unknown>;
  /** Handoff rules (`worker/lifecycle/settings.ts`). */
  handoff?: Record<string, unknown>;
};

/** One configuration document, as stored in `agent_versions.config` and copied into `agents` when published. */
export type AgentConfig = {
  name: string;
  personality: Personality;
  greeting: string;
  settings: AgentSettings;
};

export type Agent = AgentConfig & {
  id: string;
  publishedVersion: number;
  createdAt: number;
  updatedAt: number;
};

/** The published configuration of an agent, or null when there is no such agent. */
export async function getAgent(db: Db, id: string): Promise<Agent | null> {
  const row = await db.select().from(agents).where(eq(agents.id, id)).get();
  if (!row) return null;
  return { ...row, personality: row.personality as Personality, settings: row.settings as AgentSettings };
}

/** Whether an agent exists; cheaper than getAgent for routes that only need the check. */
export async function agentExists(db: Db, id: string): Promise<boolean> {
  const row = await db.select({ id: agents.id }).from(agents).where(eq(agents.id, id)).get();
  return row !== undefined;
}

/**
 * Saves `config` as the agent's next version and publishes it at once (until the behaviour issue
 * adds a separate publish). Both writes run in one D1 batch, so they land together or not at all;
 * the version number is computed inside that batch, so concurrent saves cannot collide.
 * `created` is true when this was the agent's first version.
 */
export async function saveAndPublishAgent(db: Db, id: string, config: AgentConfig, now = Date.now()): Promise<{ agent: Agent; created: boolean }> {
  const nextVersion = sql<number>`(select coalesce(max(${agentVersions.version}), 0) + 1 from ${agentVersions} where ${agentVersions.agentId} = ${id})`;
  const latestVersion = sql<number>`(select max(${agentVersions.version}) from ${agentVersions} where ${agentVersions.agentId} = ${id})`;
  const [inserted, saved] = await db.batch([
    db.insert(agentVersions).values({ agentId: id, version: nextVersion, config, createdAt: now, publishedAt: now }).returning({ version: agentVersions.version }),
    db
      .insert(agents)
      .values({ id, ...config, publishedVersion: latestVersion, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: agents.id,
        set: { ...config, publishedVersion: latestVersion, updatedAt: now },
      })
      .returning(),
  ]);
  const row = saved[0];
  const version = inserted[0]?.version;
  if (!row || version === undefined) throw new Error(`saving agent ${id} returned no row`);
  const agent: Agent = { ...row, personality: row.personality as Personality, settings: row.settings as AgentSettings };
  return { agent, created: version === 1 };
}

