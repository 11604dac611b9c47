/** Reading and saving agent configurations (versioned documents; see DECISIONS "Configuration versions"). */
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { agents } from "./schema";

export const PERSONALITIES = ["friendly", "professional", "casual", "empathetic", "witty", "brand_voice"] as const;
export type Personality = (typeof PERSONALITIES)[number];

/** Settings beyond the named columns; grows with later issues (channels, handoff, CRM access…). */
export type AgentSettings = {
  accentColor?: string;
  brandVoice?: string;
};

export type Agent = {
  id: string;
  name: string;
  personality: Personality;
  greeting: string;
  settings: AgentSettings;
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
