/**
 * The leads of an agent for the admin API: its conversations the goal has labelled, newest label
 * first, optionally one label only, paged by cursor (the last row's label time and id), each with
 * its answers and contact.
 */
import { and, asc, desc, eq, inArray, isNotNull, lt, or, type SQL } from "drizzle-orm";
import { database } from "../db/client";
import { queryInChunks } from "../db/in-chunks";
import { leadAnswers } from "../db/lead-schema";
import { conversations } from "../db/schema";
import { base64url } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import type { LeadLabel } from "./definition";

export type Lead = {
  conversationId: string;
  label: LeadLabel;
  score: number;
  answers: { property: string; value: string; accepted: boolean }[];
  contactId?: string;
  at: number;
};

export type LeadFilters = { label?: LeadLabel; cursor?: string; limit: number };

const encodeCursor = (at: number, id: string) => base64url(new TextEncoder().encode(JSON.stringify([at, id])));

function decodeCursor(cursor: string): [number, string] {
  try {
    const [at, id] = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/"))) as unknown[];
    if (typeof at === "number" && typeof id === "string") return [at, id];
  } catch {
    // falls through to the error below
  }
  throw new ApiError(400, "invalid_query", "The cursor is not one this API gave out", { cursor: "Unknown cursor" });
}

/** A page of the agent's leads, and the cursor of the next page (null: no more). */
export async function listLeads(
  env: Pick<Env, "DB">,
  agentId: string,
  filters: LeadFilters,
): Promise<{ items: Lead[]; nextCursor: string | null }> {
  const db = database(env);
  const where: (SQL | undefined)[] = [
    eq(conversations.agentId, agentId),
    isNotNull(conversations.leadLabel),
    isNotNull(conversations.leadAt),
  ];
  if (filters.label) where.push(eq(conversations.leadLabel, filters.label));
  if (filters.cursor) {
    const [at, id] = decodeCursor(filters.cursor);
    where.push(or(lt(conversations.leadAt, at), and(eq(conversations.leadAt, at), lt(conversations.id, id))));
  }
  const rows = await db
    .select({
      id: conversations.id,
      label: conversations.leadLabel,
      score: conversations.leadScore,
      contactId: conversations.contactId,
      at: conversations.leadAt,
    })
    .from(conversations)
    .where(and(...where))
    .orderBy(desc(conversations.leadAt), desc(conversations.id))
    .limit(filters.limit + 1);
  const page = rows.slice(0, filters.limit);
  const answers = await queryInChunks(
    page.map((r) => r.id),
    (ids) =>
      db
        .select()
        .from(leadAnswers)
        .where(inArray(leadAnswers.conversationId, ids))
        .orderBy(asc(leadAnswers.conversationId), asc(leadAnswers.criterion)),
  );
  const items = page.map(
    (row): Lead => ({
      conversationId: row.id,
      label: row.label ?? "unqualified",
      score: row.score ?? 0,
      answers: answers
        .filter((a) => a.conversationId === row.id)
        .map((a) => ({ property: a.property, value: a.value, accepted: a.accepted })),
      ...(row.contactId ? { contactId: row.contactId } : {}),
      at: row.at ?? 0,
    }),
  );
  const last = page.at(-1);
  return { items, nextCursor: rows.length > filters.limit && last ? encodeCursor(last.at ?? 0, last.id) : null };
}
