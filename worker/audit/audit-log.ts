/**
 * The audit log in D1: an entry per change made through the admin API, and the paged, filtered
 * reading of it (newest first; the cursor is the last entry's time and id).
 */
import { and, desc, eq, gte, inArray, lt, lte, or, type SQL } from "drizzle-orm";
import { database } from "../db/client";
import { type AdminActor, apiKeys } from "../db/access-schema";
import { staff } from "../db/people-schema";
import { auditLog } from "../db/audit-schema";
import { base64url, randomId } from "../lib/crypto";
import { ApiError } from "../lib/errors";

export type AuditEntry = {
  id: string;
  at: number;
  /** `name`: the account's name or the key's, when listed (null: the owner token, or gone since). */
  actor: { kind: AdminActor["kind"]; id: string | null; name?: string | null };
  agentId: string | null;
  kind: string;
  action: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
};

export type NewAuditEntry = Omit<AuditEntry, "id" | "at">;

export async function recordAudit(env: Env, entry: NewAuditEntry, at = Date.now()): Promise<void> {
  await database(env)
    .insert(auditLog)
    .values({
      id: randomId("aud"),
      at,
      actorKind: entry.actor.kind,
      actorId: entry.actor.id,
      agentId: entry.agentId,
      kind: entry.kind,
      action: entry.action,
      targetId: entry.targetId,
      before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after),
    });
}

export type AuditFilters = {
  /** An API key's or an account's id, or `owner_token`. */
  actor?: string;
  agent?: string;
  kind?: string;
  from?: number;
  to?: number;
  cursor?: string;
  limit: number;
};

const encodeCursor = (at: number, id: string) => base64url(new TextEncoder().encode(JSON.stringify([at, id])));

function decodeCursor(cursor: string): [number, string] {
  try {
    const padded = cursor.replace(/-/g, "+").replace(/_/g, "/");
    const [at, id] = JSON.parse(atob(padded)) as unknown[];
    if (typeof at === "number" && typeof id === "string") return [at, id];
  } catch {
    // falls through to the error below
  }
  throw new ApiError(400, "invalid_query", "The cursor is not one this API gave out", { cursor: "Unknown cursor" });
}

/** The names of the accounts and keys that made these entries (one query each, over the page's ids). */
async function actorNames(
  env: Env,
  rows: { actorKind: string; actorId: string | null }[],
): Promise<Map<string, string>> {
  const ids = (kind: string) => [
    ...new Set(rows.flatMap((r) => (r.actorKind === kind && r.actorId ? [r.actorId] : []))),
  ];
  const accounts = ids("account");
  const keys = ids("api_key");
  const db = database(env);
  const [people, keyRows] = await Promise.all([
    accounts.length ? db.select({ id: staff.id, name: staff.name }).from(staff).where(inArray(staff.id, accounts)) : [],
    keys.length ? db.select({ id: apiKeys.id, name: apiKeys.name }).from(apiKeys).where(inArray(apiKeys.id, keys)) : [],
  ]);
  return new Map([...people, ...keyRows].map((row) => [row.id, row.name]));
}

/** Entries matching the filters, newest first, and the cursor of the next page (null: no more). */
export async function listAudit(
  env: Env,
  filters: AuditFilters,
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const where: (SQL | undefined)[] = [];
  if (filters.actor === "owner_token") where.push(eq(auditLog.actorKind, "owner_token"));
  else if (filters.actor) where.push(eq(auditLog.actorId, filters.actor));
  if (filters.agent) where.push(eq(auditLog.agentId, filters.agent));
  if (filters.kind) where.push(eq(auditLog.kind, filters.kind));
  if (filters.from !== undefined) where.push(gte(auditLog.at, filters.from));
  if (filters.to !== undefined) where.push(lte(auditLog.at, filters.to));
  if (filters.cursor) {
    const [at, id] = decodeCursor(filters.cursor);
    where.push(or(lt(auditLog.at, at), and(eq(auditLog.at, at), lt(auditLog.id, id))));
  }
  const rows = await database(env)
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filters.limit + 1)
    .all();
  const page = rows.slice(0, filters.limit);
  const last = page.at(-1);
  const names = await actorNames(env, page);
  return {
    entries: page.map((row) => ({
      id: row.id,
      at: row.at,
      actor: {
        kind: row.actorKind as AdminActor["kind"],
        id: row.actorId,
        name: row.actorId ? (names.get(row.actorId) ?? null) : null,
      },
      agentId: row.agentId,
      kind: row.kind,
      action: row.action,
      targetId: row.targetId,
      before: row.before === null ? null : JSON.parse(row.before),
      after: row.after === null ? null : JSON.parse(row.after),
    })),
    nextCursor: rows.length > filters.limit && last ? encodeCursor(last.at, last.id) : null,
  };
}
