/**
 * Where a handoff goes: the routing rule picks candidates (a team's members, one staff member,
 * or everyone), only staff who are available and connected to the inbox count, and among them
 * the one assigned least recently gets it (round robin). Nobody left means the fallback.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { database } from "../db/client";
import { staff, teamMembers, teams } from "../db/schema";
import type { Routing } from "./settings";

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
  const candidates = [eq(staff.available, true), inArray(staff.id, [...connected])];
  if (routing.type === "staff") candidates.push(eq(staff.id, routing.staffId));
  if (teamId)
    candidates.push(
      inArray(staff.id, db.select({ id: teamMembers.staffId }).from(teamMembers).where(eq(teamMembers.teamId, teamId))),
    );
  const next = await db
    .select({ id: staff.id, name: staff.name })
    .from(staff)
    .where(and(...candidates))
    // Never assigned first, then least recently assigned; the id breaks ties the same way every time.
    .orderBy(sql`${staff.lastAssignedAt} IS NOT NULL`, asc(staff.lastAssignedAt), asc(staff.id))
    .limit(1)
    .get();
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
