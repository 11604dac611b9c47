/**
 * What the console needs to start: who is calling and with which role (`GET /api/me`), and the
 * list of agents (`GET /api/agents`, newest change first, without their settings).
 */
import { desc, eq, max } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { database } from "../db/client";
import { agents, agentVersions } from "../db/schema";
import { staff } from "../db/people-schema";
import { routeSpecs } from "../lib/route-spec";

const MAX_AGENTS_LISTED = 500; // an install has a handful of agents; the list is not paged

const declare = routeSpecs("Console");

export const consoleSupportRoutes = new Hono<AppEnv>()
  .get(
    "/me",
    declare({
      summary: "Who is calling, with which admin role",
      response: { description: "{ kind: owner_token | api_key | account, role, id?, name, email }" },
    }),
    async (c) => {
      const actor = c.get("actor"); // set by the admin auth middleware before any route runs
      if (actor?.kind !== "account") return c.json({ kind: actor?.kind, role: actor?.role, name: null, email: null });
      const account = await database(c.env)
        .select({ name: staff.name, email: staff.email })
        .from(staff)
        .where(eq(staff.id, actor.id))
        .get();
      return c.json({
        kind: actor.kind,
        role: actor.role,
        id: actor.id,
        name: account?.name ?? null,
        email: account?.email ?? null,
      });
    },
  )
  .get(
    "/agents",
    routeSpecs("Agents")({
      summary: "List the agents, most recently changed first",
      response: {
        description: "{ items: [{ id, name, publishedVersion, unpublishedAt, updatedAt, hasDraft }] } (no settings)",
      },
    }),
    async (c) => {
      const db = database(c.env);
      const latest = db
        .select({ agentId: agentVersions.agentId, version: max(agentVersions.version).as("latest") })
        .from(agentVersions)
        .groupBy(agentVersions.agentId)
        .as("latest");
      const rows = await db
        .select({
          id: agents.id,
          name: agents.name,
          publishedVersion: agents.publishedVersion,
          latestVersion: latest.version,
          unpublishedAt: agents.unpublishedAt,
          updatedAt: agents.updatedAt,
        })
        .from(agents)
        .leftJoin(latest, eq(latest.agentId, agents.id))
        .orderBy(desc(agents.updatedAt))
        .limit(MAX_AGENTS_LISTED);
      return c.json({
        items: rows.map(({ latestVersion, ...row }) => ({
          ...row,
          hasDraft: (latestVersion ?? 0) > row.publishedVersion,
        })),
      });
    },
  );
