/** Admin routes for teams (a name and members) that handoffs can be routed to. */
import { asc, eq, inArray } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { database, type Db } from "../db/client";
import { queryInChunks } from "../db/in-chunks";
import { staff, teamMembers, teams } from "../db/people-schema";
import { randomId } from "../lib/crypto";
import { ApiError, notFound } from "../lib/errors";
import { pathParam, readPathParam, routeSpecs } from "../lib/route-spec";

const TEAM_ID = /^tm_[A-Za-z0-9_-]{16}$/;
const MAX_MEMBERS = 500;

const teamBody = z.strictObject({
  name: z.string().trim().min(1).max(80),
  memberIds: z.array(z.string().max(64)).max(MAX_MEMBERS).default([]),
});

type Team = { id: string; name: string; memberIds: string[]; createdAt: number; updatedAt: number };

async function readTeam(db: Db, id: string): Promise<Team | null> {
  const row = await db.select().from(teams).where(eq(teams.id, id)).get();
  if (!row) return null;
  const members = await db
    .select({ id: teamMembers.staffId })
    .from(teamMembers)
    .where(eq(teamMembers.teamId, id))
    .orderBy(asc(teamMembers.staffId))
    .all();
  return { ...row, memberIds: members.map((m) => m.id) };
}

/** Every member id must be an existing staff member (400 naming the unknown ones). */
async function checkMembers(db: Db, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = new Set(
    (
      await queryInChunks(unique, (ids) => db.select({ id: staff.id }).from(staff).where(inArray(staff.id, ids)).all())
    ).map((r) => r.id),
  );
  const unknown = unique.filter((id) => !found.has(id));
  if (unknown.length > 0)
    throw new ApiError(400, "invalid_body", "The request body is invalid", {
      memberIds: `Unknown staff: ${unknown.slice(0, 5).join(", ")}`,
    });
  return unique;
}

const teamIdPath = pathParam(z.string().regex(TEAM_ID).describe("The team's id"), () => notFound("Team"));
const teamIdParam = (c: Context<AppEnv>): string => readPathParam(c, "tid", teamIdPath);

async function saveMembers(db: Db, teamId: string, memberIds: string[]): Promise<void> {
  await db.batch([
    db.delete(teamMembers).where(eq(teamMembers.teamId, teamId)),
    ...memberIds.map((staffId) => db.insert(teamMembers).values({ teamId, staffId })),
  ]);
}

const declare = routeSpecs("Teams");
const params = { tid: teamIdPath };
const TEAM = "{ id, name, memberIds, createdAt, updatedAt }";

export const teamRoutes = new Hono<AppEnv>()
  .post(
    "/teams",
    declare({ summary: "Create a team", body: teamBody, response: { status: 201, description: TEAM } }),
    async (c) => {
      const db = database(c.env);
      const body = c.req.valid("json");
      const memberIds = await checkMembers(db, body.memberIds);
      const now = Date.now();
      const id = randomId("tm", 12);
      await db.insert(teams).values({ id, name: body.name, createdAt: now, updatedAt: now });
      await saveMembers(db, id, memberIds);
      return c.json(await readTeam(db, id), 201);
    },
  )
  .get("/teams", declare({ summary: "List teams", response: { description: `{ items: [${TEAM}] }` } }), async (c) => {
    const db = database(c.env);
    const rows = await db.select({ id: teams.id }).from(teams).orderBy(asc(teams.name)).all();
    return c.json({ items: await Promise.all(rows.map((r) => readTeam(db, r.id))) });
  })
  .get("/teams/:tid", declare({ summary: "Read a team", params, response: { description: TEAM } }), async (c) => {
    const team = await readTeam(database(c.env), teamIdParam(c));
    if (!team) throw notFound("Team");
    return c.json(team);
  })
  .put(
    "/teams/:tid",
    declare({
      summary: "Rename a team and set its members",
      params,
      body: teamBody,
      response: { description: TEAM },
    }),
    async (c) => {
      const db = database(c.env);
      const id = teamIdParam(c);
      const body = c.req.valid("json");
      if (!(await readTeam(db, id))) throw notFound("Team");
      const memberIds = await checkMembers(db, body.memberIds);
      await db.update(teams).set({ name: body.name, updatedAt: Date.now() }).where(eq(teams.id, id));
      await saveMembers(db, id, memberIds);
      return c.json(await readTeam(db, id));
    },
  )
  .delete(
    "/teams/:tid",
    declare({ summary: "Delete a team", params, response: { status: 204, description: "Deleted" } }),
    async (c) => {
      const db = database(c.env);
      const id = teamIdParam(c);
      const [deleted] = await db.batch([
        db.delete(teams).where(eq(teams.id, id)).returning({ id: teams.id }),
        db.delete(teamMembers).where(eq(teamMembers.teamId, id)),
      ]);
      if (deleted.length === 0) throw notFound("Team");
      return c.body(null, 204);
    },
  );
