/**
 * Where a handoff goes: the routing rule picks candidates (a team's members, one staff member,
 * or everyone), only staff who are available and connected to the inbox count, and among them
 * the one assigned least recently gets it (round robin). Nobody left means the fallback.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { database } from "../db/client";
import { queryInChunks } from "../db/in-chunks";
import { staff, teamMembers, teams } from "../db/people-schema";
import type { Routing } from "./settings";

type Candidate = { id: string; lastAssignedAt: number | null };

/** Never assigned first, then least recently assigned; the id breaks ties the same way every time (as the query orders). */
function roundRobinOrder(a: Candidate, b: Candidate): number {
  if ((a.lastAssignedAt === null) !== (b.lastAssignedAt === null)) return a.lastAssignedAt === null ? -1 : 1;
  const byTime = (a.lastAssignedAt ?? 0) - (b.lastAssignedAt ?? 0);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export type RoutedTo = { staffId: string; staffName: string; teamId: string | null };

/**
 * Picks and claims the next staff member for a handoff under `routing`, or returns null when
 * nobody is available. `connected` is the set of staff ids with the inbox open.
 */
export async function routeHandoff(
  env: Pick<Env, "DB">,
  routing: Routing,
  connected: ReadonlySet<string>,
  now = Date.now(),
): Promise<RoutedTo | null> {
  if (connected.size === 0) return null;
  const db = database(env);
  const teamId = routing.type === "team" ? routing.teamId : null;
  // The connected ids are bound in chunks; each chunk's next in line, then the next among those.
  const nextPerChunk = await queryInChunks(connected, (ids) => {
    const candidates = [eq(staff.available, true), inArray(staff.id, ids)];
    if (routing.type === "staff") candidates.push(eq(staff.id, routing.staffId));
    if (teamId)
      candidates.push(
        inArray(
          staff.id,
          db.select({ id: teamMembers.staffId }).from(teamMembers).where(eq(teamMembers.teamId, teamId)),
        ),
      );
    return db
      .select({ id: staff.id, name: staff.name, lastAssignedAt: staff.lastAssignedAt })
      .from(staff)
      .where(and(...candidates))
      .orderBy(sql`${staff.lastAssignedAt} IS NOT NULL`, asc(staff.lastAssignedAt), asc(staff.id))
      .limit(1)
      .all();
  });
  const next = nextPerChunk.sort(roundRobinOrder)[0];
  if (!next) return null;
  await db.update(staff).set({ lastAssignedAt: now }).where(eq(staff.id, next.id));
  return { staffId: next.id, staffName: next.name, teamId };
}

/** Whether the team or staff member `routing` names exists (round robin names nobody, so it always does). */
export async function routingTargetExists(env: Pick<Env, "DB">, routing: Routing): Promise<boolean> {
  const db = database(env);
  if (routing.type === "team")
    return Boolean(await db.select({ id: teams.id }).from(teams).where(eq(teams.id, routing.teamId)).get());
  if (routing.type === "staff")
    return Boolean(await db.select({ id: staff.id }).from(staff).where(eq(staff.id, routing.staffId)).get());
  return true;
}
