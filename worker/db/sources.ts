/** Content sources in D1: the two built-in ones every agent has (articles, short answers), URL and file sources. */
import { and, eq, inArray } from "drizzle-orm";
import { randomId } from "../lib/crypto";
import type { Db } from "./client";
import { changed } from "./read-cache";
import { queryInChunks } from "./in-chunks";
import { sources, type SourceStats, type SourceStatus, type SourceType } from "./schema";

export type SourceRow = typeof sources.$inferSelect;

export const EMPTY_STATS: SourceStats = { found: 0, fetched: 0, indexed: 0, failed: 0, documents: 0, chunks: 0 };
const BUILT_IN_NAMES: Record<"articles" | "short_answers", string> = {
  articles: "Knowledge base articles",
  short_answers: "Short answers",
};

/** Built-in sources have fixed ids per agent, so creating them twice is harmless. */
export const builtInSourceId = (agentId: string, type: "articles" | "short_answers") => `src_${agentId}_${type}`;

export async function ensureBuiltInSource(
  db: Db,
  agentId: string,
  type: "articles" | "short_answers",
): Promise<SourceRow> {
  const id = builtInSourceId(agentId, type);
  const now = Date.now();
  await db
    .insert(sources)
    .values({
      id,
      agentId,
      type,
      name: BUILT_IN_NAMES[type],
      config: {},
      status: "ready",
      stats: EMPTY_STATS,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
  return (await getSource(db, agentId, id)) as SourceRow;
}

export async function createSource(
  db: Db,
  agentId: string,
  type: SourceType,
  name: string,
  config: Record<string, unknown>,
): Promise<SourceRow> {
  const now = Date.now();
  const row = {
    id: randomId("src"),
    agentId,
    type,
    name,
    config,
    status: "pending" as SourceStatus,
    stats: EMPTY_STATS,
    createdAt: now,
    updatedAt: now,
  };
  await db.insert(sources).values(row);
  return (await getSource(db, agentId, row.id)) as SourceRow;
}

export function getSource(db: Db, agentId: string, id: string): Promise<SourceRow | undefined> {
  return db
    .select()
    .from(sources)
    .where(and(eq(sources.agentId, agentId), eq(sources.id, id)))
    .get();
}

export function listSources(db: Db, agentId: string): Promise<SourceRow[]> {
  return db.select().from(sources).where(eq(sources.agentId, agentId)).orderBy(sources.createdAt, sources.id).all();
}

export function sourcesByIds(db: Db, agentId: string, ids: string[]): Promise<SourceRow[]> {
  return queryInChunks(ids, (chunk) =>
    db
      .select()
      .from(sources)
      .where(and(eq(sources.agentId, agentId), inArray(sources.id, chunk)))
      .all(),
  );
}

export async function updateSource(
  db: Db,
  id: string,
  patch: Partial<
    Pick<SourceRow, "status" | "stats" | "error" | "allowCitations" | "private" | "name" | "lastSyncedAt" | "config">
  >,
): Promise<void> {
  await db
    .update(sources)
    .set({ ...patch, updatedAt: Date.now() })
    .where(eq(sources.id, id));
  changed("sources"); // made private, citations turned off, renamed: this isolate's citations read it again
}

export async function deleteSource(db: Db, id: string): Promise<void> {
  await db.delete(sources).where(eq(sources.id, id));
  changed("sources");
}

/** Private sources may inform answers but are never cited; citations can also be turned off per source. */
export const isCitable = (source: Pick<SourceRow, "allowCitations" | "private">) =>
  source.allowCitations && !source.private;
