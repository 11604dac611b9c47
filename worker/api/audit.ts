/** Admin route for the audit log: entries newest first, filtered by actor, agent, kind and time, paged by cursor. */
import { Hono } from "hono";
import { z } from "zod";
import { listAudit } from "../audit/audit-log";
import type { AppEnv } from "../lib/app-env";
import { parseQuery } from "../lib/validate";

const MAX_PAGE = 100;

const auditQuery = z.strictObject({
  actor: z.string().max(64).optional(),
  agent: z.string().max(64).optional(),
  kind: z.string().max(32).optional(),
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
});

export const auditRoutes = new Hono<AppEnv>().get("/audit", async (c) => {
  return c.json(await listAudit(c.env, parseQuery(auditQuery, c.req.query())));
});
