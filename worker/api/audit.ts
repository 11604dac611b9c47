/** Admin route for the audit log: entries newest first, filtered by actor, agent, kind and time, paged by cursor. */
import { Hono } from "hono";
import { z } from "zod";
import { listAudit } from "../audit/audit-log";
import type { AppEnv } from "../lib/app-env";
import { routeSpecs } from "../lib/route-spec";

const MAX_PAGE = 100;

const auditQuery = z.strictObject({
  actor: z.string().max(64).optional().describe("An API key or account id, or owner_token"),
  agent: z.string().max(64).optional().describe("An agent id"),
  kind: z.string().max(32).optional().describe("What changed: agent, article, contact, secret, …"),
  from: z.coerce.number().int().min(0).optional().describe("Unix milliseconds, inclusive"),
  to: z.coerce.number().int().min(0).optional().describe("Unix milliseconds"),
  cursor: z.string().max(200).optional().describe("The previous page's nextCursor"),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
});

const declare = routeSpecs("Audit log");

export const auditRoutes = new Hono<AppEnv>().get(
  "/audit",
  declare({
    summary: "Who changed what, newest first",
    query: auditQuery,
    response: {
      description:
        "{ entries: [{ id, at, actor, agentId, kind, action, targetId, before, after }], nextCursor } — " +
        "secrets redacted, contacts only by which properties changed",
    },
  }),
  async (c) => c.json(await listAudit(c.env, c.req.valid("query"))),
);
