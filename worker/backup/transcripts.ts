/**
 * The paged transcript export a backup reads: conversation rows in id order from D1, each with its
 * whole event log from its conversation object. The cursor is the last conversation id of a page;
 * one that names no conversation is refused, so a mistyped cursor never silently restarts or skips.
 */
import { asc, eq, gt } from "drizzle-orm";
import { database } from "../db/client";
import { conversations } from "../db/schema";
import { ApiError } from "../lib/errors";
import type { LoggedEvent } from "../protocol/events";

export type ExportedConversation = {
  id: string;
  agentId: string;
  channel: string;
  status: string;
  createdAt: number;
  events: LoggedEvent[];
};

export type TranscriptPage = { conversations: ExportedConversation[]; nextCursor: string | null };

const unknownCursor = () =>
  new ApiError(400, "invalid_query", "The cursor is not one this API gave out", { cursor: "Unknown cursor" });

/** One page of conversations after `cursor` (a conversation id from the previous page), each with its events. */
export async function transcriptPage(
  env: Env,
  { cursor, limit }: { cursor?: string; limit: number },
): Promise<TranscriptPage> {
  const db = database(env);
  if (cursor !== undefined) {
    const known = await db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.id, cursor))
      .get();
    if (!known) throw unknownCursor();
  }
  const rows = await db
    .select({
      id: conversations.id,
      agentId: conversations.agentId,
      channel: conversations.channel,
      status: conversations.status,
      createdAt: conversations.createdAt,
    })
    .from(conversations)
    .where(cursor === undefined ? undefined : gt(conversations.id, cursor))
    .orderBy(asc(conversations.id))
    .limit(limit + 1) // one more than asked: whether another page exists, without a count
    .all();
  const page = rows.slice(0, limit);
  const exported = await Promise.all(
    page.map(async (row) => ({
      ...row,
      events: await env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(row.id)).events(0),
    })),
  );
  return { conversations: exported, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
