/** Reading and saving agent configurations (versioned documents; see DECISIONS "Configuration versions"). */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "./client";
import { changed } from "./read-cache";
import { actionCredentials } from "./action-schema";
import { knowledgeGaps } from "./analytics-schema";
import { visitorVerifications } from "./crm-schema";
import {
  agentControls,
  agents,
  agentSecrets,
  agentVersions,
  articles,
  files,
  shortAnswers,
  sourceDocuments,
  sources,
} from "./schema";

export const PERSONALITIES = ["friendly", "professional", "casual", "empathetic", "witty", "brand_voice"] as const;
export type Personality = (typeof PERSONALITIES)[number];

/** Settings beyond the named columns; grows with later issues (channels, handoff, CRM access…). */
export type AgentSettings = {
  accentColor?: string;
  brandVoice?: string;
  /** The uploaded avatar's object name (`<sha256>.<ext>`, stored in R2 by the avatar route). */
  avatar?: string;
  /** The admin's wording of the offline model's stock lines (`worker/agent/prompt-directives.ts`). */
  phrases?: Record<string, string>;
  /** Hosts whose images may be shown in answers (markdown images); any other image is dropped. Default: none. */
  allowedImageHosts?: string[];
  /** Sites that may embed the widget, as exact origins (`worker/channels/live-chat/embed-policy.ts`); empty or absent: any site. */
  allowedOrigins?: string[];
  /** Abuse limits: conversation starts per IP and per agent, messages per conversation (`worker/abuse/limits.ts`). */
  limits?: Record<string, unknown>;
  /** The longest answer a model may write, in tokens (default 1,024; `worker/agent/turn.ts`). */
  maxOutputTokens?: number;
  /** IANA time zone for credit resets (working hours carry their own); default UTC. */
  timeZone?: string;
  /** Per-channel lifecycle settings (`worker/lifecycle/settings.ts`), keyed by channel. */
  channels?: Record<string, unknown>;
  /** Handoff rules (`worker/handoff/settings.ts`). */
  handoff?: Record<string, unknown>;
  /** Guidelines, among them topics to avoid (`worker/behaviour/topics.ts`). */
  guidelines?: Record<string, unknown>;
  /** "CRM data": which contact properties the agent may read and edit, and the checks each needs (`worker/crm/access-settings.ts`). */
  crm?: Record<string, unknown>;
  /** Calls to the owner's APIs the agent may make (`worker/actions/definition.ts`). */
  actions?: unknown[];
  /** Lead qualification (`worker/goals/definition.ts`). */
  goal?: Record<string, unknown>;
  /** Prices per million input/output tokens by model id, overriding the defaults (`worker/analytics/prices.ts`). */
  modelPrices?: Record<string, { inputPerMillion: number; outputPerMillion: number }>;
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
  /** When the agent was taken off every channel; null: live. */
  unpublishedAt: number | null;
  createdAt: number;
  updatedAt: number;
};

/** The published configuration of an agent, or null when there is no such agent. */
export async function getAgent(db: Db, id: string): Promise<Agent | null> {
  const row = await db.select().from(agents).where(eq(agents.id, id)).get();
  return row ? toAgent(row) : null;
}

/** Whether an agent exists; cheaper than getAgent for routes that only need the check. */
export async function agentExists(db: Db, id: string): Promise<boolean> {
  const row = await db.select({ id: agents.id }).from(agents).where(eq(agents.id, id)).get();
  return row !== undefined;
}

/** The newest saved version when it is newer than the published one: the draft. */
export type Draft = AgentConfig & { version: number; createdAt: number };
export type Version = { version: number; createdAt: number; publishedAt: number | null };

function toAgent(row: typeof agents.$inferSelect): Agent {
  return { ...row, personality: row.personality as Personality, settings: row.settings as AgentSettings };
}

const nextVersion = (id: string) =>
  sql<number>`(select coalesce(max(${agentVersions.version}), 0) + 1 from ${agentVersions} where ${agentVersions.agentId} = ${id})`;

/**
 * Saves `config` as the agent's next version. The first version of a new agent is published at
 * once (there is nothing live to protect); later ones are drafts until published. The version
 * number is computed inside the insert, so concurrent saves cannot collide.
 */
export async function saveAgentVersion(
  db: Db,
  id: string,
  config: AgentConfig,
  now = Date.now(),
): Promise<{ created: boolean; version: number }> {
  const [inserted] = await db
    .insert(agentVersions)
    .values({ agentId: id, version: nextVersion(id), config, createdAt: now })
    .returning({ version: agentVersions.version });
  if (!inserted) throw new Error(`saving agent ${id} returned no version`);
  const created = await db
    .insert(agents)
    .values({ id, ...config, publishedVersion: inserted.version, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning({ id: agents.id });
  if (created.length > 0) {
    changed("agent", id);
    await db
      .update(agentVersions)
      .set({ publishedAt: now })
      .where(and(eq(agentVersions.agentId, id), eq(agentVersions.version, inserted.version)));
  }
  return { created: created.length > 0, version: inserted.version };
}

/** Takes the agent off every channel (`at`), or puts it back (null); false when there is no such agent. */
export async function setUnpublished(db: Db, id: string, at: number | null): Promise<Agent | null> {
  const [row] = await db.update(agents).set({ unpublishedAt: at }).where(eq(agents.id, id)).returning();
  changed("agent", id);
  return row ? toAgent(row) : null;
}

/** Makes `version` live: its configuration is copied into `agents` and the version is stamped published. */
export async function publishVersion(db: Db, id: string, version: number, now = Date.now()): Promise<Agent | null> {
  const row = await db
    .select()
    .from(agentVersions)
    .where(and(eq(agentVersions.agentId, id), eq(agentVersions.version, version)))
    .get();
  if (!row) return null;
  const config = row.config as AgentConfig;
  const [, saved] = await db.batch([
    db
      .update(agentVersions)
      .set({ publishedAt: now })
      .where(and(eq(agentVersions.agentId, id), eq(agentVersions.version, version))),
    db
      .update(agents)
      .set({
        name: config.name,
        personality: config.personality,
        greeting: config.greeting,
        settings: config.settings,
        publishedVersion: version,
        unpublishedAt: null,
        updatedAt: now,
      })
      .where(eq(agents.id, id))
      .returning(),
  ]);
  changed("agent", id);
  return saved[0] ? toAgent(saved[0]) : null;
}

export async function latestVersion(db: Db, id: string): Promise<(Version & { config: AgentConfig }) | null> {
  const row = await db
    .select()
    .from(agentVersions)
    .where(eq(agentVersions.agentId, id))
    .orderBy(desc(agentVersions.version))
    .limit(1)
    .get();
  return row ? versionOf(row) : null;
}

/** A stored version row as the API shows it, with its configuration. */
const versionOf = (row: typeof agentVersions.$inferSelect): Version & { config: AgentConfig } => ({
  version: row.version,
  createdAt: row.createdAt,
  publishedAt: row.publishedAt,
  config: row.config as AgentConfig,
});

export async function listVersions(db: Db, id: string): Promise<Version[]> {
  return db
    .select({
      version: agentVersions.version,
      createdAt: agentVersions.createdAt,
      publishedAt: agentVersions.publishedAt,
    })
    .from(agentVersions)
    .where(eq(agentVersions.agentId, id))
    .orderBy(desc(agentVersions.version))
    .all();
}

export async function versionConfig(
  db: Db,
  id: string,
  version: number,
): Promise<(Version & { config: AgentConfig }) | null> {
  const row = await db
    .select()
    .from(agentVersions)
    .where(and(eq(agentVersions.agentId, id), eq(agentVersions.version, version)))
    .get();
  return row ? versionOf(row) : null;
}

/** The draft of an agent (a saved version newer than the published one), or null. */
export async function getDraft(db: Db, agent: Agent): Promise<Draft | null> {
  const latest = await latestVersion(db, agent.id);
  if (!latest || latest.version <= agent.publishedVersion) return null;
  return { ...latest.config, version: latest.version, createdAt: latest.createdAt };
}

/** The agent as preview and batch tests see it: the draft's configuration when there is one, and which version that is. */
export async function getDraftAgent(db: Db, id: string): Promise<{ agent: Agent; version: number } | null> {
  const agent = await getAgent(db, id);
  if (!agent) return null;
  const draft = await getDraft(db, agent);
  if (!draft) return { agent, version: agent.publishedVersion };
  return {
    agent: {
      ...agent,
      name: draft.name,
      personality: draft.personality,
      greeting: draft.greeting,
      settings: draft.settings,
    },
    version: draft.version,
  };
}

/**
 * Deletes an agent's configuration and everything that exists only for it: versions, controls,
 * secrets, short answers, articles, sources and their documents, uploaded files' rows, knowledge
 * gaps, the proofs visitors gave it and its actions' credentials. Its conversations, handoffs and usage stay (the inbox and
 * the billing records still need them; the GDPR tools erase conversations). One batch: all or nothing.
 */
export async function deleteAgentRecords(db: Db, id: string): Promise<boolean> {
  const [, , , , , , , , , , , removed] = await db.batch([
    db.delete(agentVersions).where(eq(agentVersions.agentId, id)),
    db.delete(agentControls).where(eq(agentControls.agentId, id)),
    db.delete(agentSecrets).where(eq(agentSecrets.agentId, id)),
    db.delete(shortAnswers).where(eq(shortAnswers.agentId, id)),
    db.delete(articles).where(eq(articles.agentId, id)),
    db.delete(sourceDocuments).where(eq(sourceDocuments.agentId, id)),
    db.delete(sources).where(eq(sources.agentId, id)),
    db.delete(files).where(eq(files.agentId, id)),
    db.delete(knowledgeGaps).where(eq(knowledgeGaps.agentId, id)),
    db.delete(visitorVerifications).where(eq(visitorVerifications.agentId, id)),
    db.delete(actionCredentials).where(eq(actionCredentials.agentId, id)),
    db.delete(agents).where(eq(agents.id, id)).returning({ id: agents.id }),
  ]);
  changed("agent", id);
  changed("budget", id);
  changed("short_answers", id);
  changed("knowledge_gaps", id);
  return removed.length > 0;
}
