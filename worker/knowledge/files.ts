/**
 * File sources: an upload's bytes go to R2 (one file in memory at a time: the request is read as a
 * stream), then a `files` row and a file source are created and the ingest queue parses and indexes
 * it in the background. Re-sync re-reads the stored file; the
 * index skips it when its content has not changed.
 */
import { and, eq } from "drizzle-orm";
import { database } from "../db/client";
import { files, sourceDocuments } from "../db/schema";
import { createSource, EMPTY_STATS, getSource, listSources, updateSource, type SourceRow } from "../db/sources";
import { randomId, sha256Hex } from "../lib/crypto";
import { indexDocument } from "./ingest";
import { checkSupported, extensionOf, MEDIA_EXTENSIONS, parseFile, type ParseError } from "./parsers";
import type { IngestMessage } from "./queue-messages";
import { transcribeMedia } from "./transcribe";

/** Larger documents are better split; it is also the provider's limit for audio and video (25 MB). */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

export type FileRow = typeof files.$inferSelect;
export type UploadResult =
  | { file: FileRow; source: SourceRow }
  | { name: string; error: ParseError | { code: "file_too_large" | "empty_file"; message: string } };

/** An upload as the multipart reader hands it over: its bytes are null when it was over the file cap. */
export type UploadPart = { name: string; contentType: string; bytes: Uint8Array | null; size: number };
/** A file stored in R2 but not yet listed: `registerUpload` lists it, `discardUpload` removes it. */
export type StoredUpload = { row: FileRow };

/**
 * Checks one upload and puts its bytes in R2 (nothing else yet), so a request refused later can
 * remove what it stored: an upload request changes nothing unless it is read to the end.
 */
export async function storeUpload(
  env: Env,
  agentId: string,
  upload: UploadPart,
): Promise<StoredUpload | Extract<UploadResult, { error: unknown }>> {
  const name = upload.name.trim() || "upload";
  if (upload.size > MAX_FILE_BYTES || !upload.bytes)
    return {
      name,
      error: { code: "file_too_large", message: `${name} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.` },
    };
  if (upload.size === 0) return { name, error: { code: "empty_file", message: `${name} is empty.` } };
  const refused = checkSupported(name, Boolean(env.OPENAI_API_KEY?.trim()));
  if (refused) return { name, error: refused };

  const bytes = upload.bytes;
  const id = randomId("file");
  const r2Key = `agents/${agentId}/files/${id}`;
  const contentType = upload.contentType || "application/octet-stream";
  await env.FILES.put(r2Key, bytes, { httpMetadata: { contentType } });
  const row: FileRow = {
    id,
    agentId,
    r2Key,
    name,
    contentType,
    size: bytes.byteLength,
    sha256: await sha256Hex(bytes),
    createdAt: Date.now(),
  };
  return { row };
}

/** Lists a stored upload: a `files` row and a file source, and queues its ingestion. */
export async function registerUpload(env: Env, agentId: string, stored: StoredUpload): Promise<UploadResult> {
  const db = database(env);
  await db.insert(files).values(stored.row);
  const source = await createSource(db, agentId, "file", stored.row.name, { fileId: stored.row.id });
  await env.INGEST_QUEUE.send({ type: "ingest-file", agentId, sourceId: source.id } satisfies IngestMessage);
  return { file: stored.row, source };
}

/** Removes a stored upload that was never registered (its request was refused). */
export async function discardUpload(env: Env, stored: StoredUpload): Promise<void> {
  await env.FILES.delete(stored.row.r2Key);
}

/** Stores one upload and queues its ingestion; refused files change nothing. */
export async function uploadFile(env: Env, agentId: string, upload: File): Promise<UploadResult> {
  const part: UploadPart = { name: upload.name, contentType: upload.type, bytes: null, size: upload.size };
  if (upload.size <= MAX_FILE_BYTES) part.bytes = new Uint8Array(await upload.arrayBuffer());
  const stored = await storeUpload(env, agentId, part);
  return "row" in stored ? registerUpload(env, agentId, stored) : stored;
}

/** Parses and indexes a file source (queue consumer); the source ends ready or failed with the reason. */
export async function ingestFileSource(env: Env, agentId: string, sourceId: string): Promise<void> {
  const db = database(env);
  const source = await getSource(db, agentId, sourceId);
  if (source?.type !== "file") return; // deleted meanwhile: nothing to do
  const fileId = String(source.config.fileId ?? "");
  const file = await db.select().from(files).where(eq(files.id, fileId)).get();
  const object = file ? await env.FILES.get(file.r2Key) : null;
  if (!object || !file) {
    await updateSource(db, sourceId, { status: "failed", error: "The uploaded file is missing." });
    return;
  }
  const isMedia = MEDIA_EXTENSIONS.has(extensionOf(file.name));
  if (isMedia && (await markTranscriptCurrent(env, sourceId, file.id))) return;
  await updateSource(db, sourceId, { status: "syncing", error: null });
  const bytes = new Uint8Array(await object.arrayBuffer());
  const parsed = isMedia ? await transcribeMedia(env, file.name, bytes) : await parseFile(file.name, bytes);
  if (!parsed.ok) {
    await updateSource(db, sourceId, {
      status: "failed",
      error: parsed.error.message,
      stats: { ...EMPTY_STATS, found: 1, failed: 1 },
    });
    return;
  }
  let chunks: number;
  try {
    ({ chunks } = await indexDocument(env, {
      agentId,
      sourceId,
      documentId: file.id,
      title: parsed.document.title,
      url: null,
      markdown: parsed.document.markdown,
    }));
  } catch (error) {
    // The embedder failed (a provider error): the source says why; what was indexed before stays.
    const reason = error instanceof Error ? error.message : String(error);
    await updateSource(db, sourceId, {
      status: "failed",
      error: `${file.name} could not be indexed: ${reason}`.slice(0, 300),
      stats: { ...EMPTY_STATS, found: 1, failed: 1 },
    });
    return;
  }
  const stats = { ...EMPTY_STATS, found: 1, fetched: 1, indexed: 1, documents: 1, chunks };
  await updateSource(db, sourceId, { status: "ready", stats, lastSyncedAt: Date.now() });
}

/**
 * A stored file's bytes never change, so a media file whose transcript is already indexed is not
 * sent to the provider again on re-sync (transcription is billed by the minute): the source is
 * just marked synced. Returns whether it was.
 */
async function markTranscriptCurrent(env: Env, sourceId: string, fileId: string): Promise<boolean> {
  const db = database(env);
  const indexed = await db
    .select({ chunks: sourceDocuments.chunkCount })
    .from(sourceDocuments)
    .where(
      and(
        eq(sourceDocuments.sourceId, sourceId),
        eq(sourceDocuments.id, fileId),
        eq(sourceDocuments.status, "indexed"),
      ),
    )
    .get();
  if (!indexed) return false;
  const stats = { ...EMPTY_STATS, found: 1, fetched: 1, indexed: 1, documents: 1, chunks: indexed.chunks };
  await updateSource(db, sourceId, { status: "ready", error: null, stats, lastSyncedAt: Date.now() });
  return true;
}

export function listFiles(env: Env, agentId: string): Promise<FileRow[]> {
  return database(env).select().from(files).where(eq(files.agentId, agentId)).orderBy(files.createdAt).all();
}

/**
 * Makes an uploaded file a source again (its source was deleted; the file stays listed): a new file
 * source, queued for ingestion. Null for an unknown file; `already` when a source still reads it.
 */
export async function sourceFromFile(
  env: Env,
  agentId: string,
  fileId: string,
): Promise<{ source: SourceRow } | { already: SourceRow } | null> {
  const db = database(env);
  const file = await db
    .select()
    .from(files)
    .where(and(eq(files.agentId, agentId), eq(files.id, fileId)))
    .get();
  if (!file) return null;
  const existing = (await listSources(db, agentId)).find((s) => s.type === "file" && s.config.fileId === fileId);
  if (existing) return { already: existing };
  const source = await createSource(db, agentId, "file", file.name, { fileId: file.id });
  await env.INGEST_QUEUE.send({ type: "ingest-file", agentId, sourceId: source.id } satisfies IngestMessage);
  return { source };
}
