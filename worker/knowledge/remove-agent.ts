/**
 * An agent's knowledge, removed with the agent: every source's chunks and vectors (through the
 * index, as removing a source does) and the uploaded files' bytes in R2. The rows that list them
 * go with the agent's other records (`db/agents.ts`).
 */
import { eq } from "drizzle-orm";
import { database } from "../db/client";
import { files, sources } from "../db/schema";
import { removeSourceFromIndex } from "./ingest";

const R2_DELETE_BATCH = 1_000; // R2 deletes at most this many keys per call

export async function removeAgentKnowledge(env: Env, agentId: string): Promise<void> {
  const db = database(env);
  const rows = await db.select({ id: sources.id }).from(sources).where(eq(sources.agentId, agentId)).all();
  for (const row of rows) await removeSourceFromIndex(env, agentId, row.id);
  const stored = await db.select({ r2Key: files.r2Key }).from(files).where(eq(files.agentId, agentId)).all();
  for (let i = 0; i < stored.length; i += R2_DELETE_BATCH)
    await env.FILES.delete(stored.slice(i, i + R2_DELETE_BATCH).map((file) => file.r2Key));
}
