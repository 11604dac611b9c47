/**
 * Documents into the index: chunk by headings, (re)index, and keep the `source_documents` row
 * current. Unchanged content (same hash) is not chunked or embedded again. Every change goes to the
 * index's replica 0 and then to its other replicas (`embedded-index.ts`) before the row says so: a
 * failure on the way throws, and the queue's retry does it all again.
 */
import { and, eq } from "drizzle-orm";
import { database } from "../db/client";
import { changed } from "../db/read-cache";
import { sha256Hex } from "../lib/crypto";
import { sourceDocuments } from "../db/schema";
import { knowledgeIndex, syncReplicas } from "./embedded-index";
import { splitSections } from "./sections";

export type IngestDocument = {
  agentId: string;
  sourceId: string;
  /** Stable within the source: article id, canonical URL, file id. */
  documentId: string;
  title: string;
  /** What a citation links to (null: no link). */
  url: string | null;
  markdown: string;
};

const contentHash = (doc: IngestDocument) => sha256Hex(`${doc.title}\n${doc.url ?? ""}\n${doc.markdown}`);

/** Chunks and indexes one document; `skipped` when its content is what the index already has. */
export async function indexDocument(env: Env, doc: IngestDocument): Promise<{ chunks: number; skipped: boolean }> {
  const db = database(env);
  const hash = await contentHash(doc);
  const where = and(eq(sourceDocuments.sourceId, doc.sourceId), eq(sourceDocuments.id, doc.documentId));
  const existing = await db.select().from(sourceDocuments).where(where).get();
  if (existing?.contentHash === hash && existing.status === "indexed")
    return { chunks: existing.chunkCount, skipped: true };

  const chunks = splitSections(doc.title, doc.markdown).map((section) => ({
    title: doc.title,
    headingPath: section.headingPath,
    text: section.text,
  }));
  const count = await knowledgeIndex(env, doc.agentId).replaceDocument(
    { sourceId: doc.sourceId, documentId: doc.documentId },
    chunks,
  );
  await syncReplicas(env, doc.agentId);
  const now = Date.now();
  const row = {
    title: doc.title,
    url: doc.url,
    contentHash: hash,
    chunkCount: count,
    status: "indexed" as const,
    error: null,
    updatedAt: now,
  };
  await db
    .insert(sourceDocuments)
    .values({ agentId: doc.agentId, sourceId: doc.sourceId, id: doc.documentId, createdAt: now, ...row })
    .onConflictDoUpdate({ target: [sourceDocuments.sourceId, sourceDocuments.id], set: row });
  changed("sources", doc.agentId); // its title or address may have changed: this isolate's citations read it again
  return { chunks: count, skipped: false };
}

export async function removeDocument(env: Env, agentId: string, sourceId: string, documentId: string): Promise<void> {
  await knowledgeIndex(env, agentId).removeDocument({ sourceId, documentId });
  await syncReplicas(env, agentId);
  await database(env)
    .delete(sourceDocuments)
    .where(and(eq(sourceDocuments.sourceId, sourceId), eq(sourceDocuments.id, documentId)));
  changed("sources", agentId);
}

export async function removeSourceFromIndex(env: Env, agentId: string, sourceId: string): Promise<void> {
  await knowledgeIndex(env, agentId).removeSource(sourceId);
  await syncReplicas(env, agentId);
  await database(env).delete(sourceDocuments).where(eq(sourceDocuments.sourceId, sourceId));
  changed("sources", agentId);
}
