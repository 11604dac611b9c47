/**
 * Admin routes for an agent's performance: the report (`?from&to&channel&granularity`, local
 * dates in the agent's time zone, the last 30 days by default) as JSON, and the same table as CSV.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { buildReport, type ReportRequest } from "../analytics/report";
import { datesOf, GRANULARITIES } from "../analytics/periods";
import { reportCsv } from "../analytics/csv";
import { database } from "../db/client";
import { getAgent } from "../db/agents";
import { ApiError, notFound } from "../lib/errors";
import { agentIdParam } from "../lib/params";
import { parseQuery } from "../lib/validate";
import { DEFAULT_TIME_ZONE } from "../lifecycle/credits";

const localDate = z.iso.date({ message: "Must be a date like 2026-12-01" });
const reportQuery = z.strictObject({
  from: localDate.optional(),
  to: localDate.optional(),
  granularity: z.enum(GRANULARITIES).default("day"),
  channel: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,31}$/, "Must be a channel name like live_chat")
    .optional(),
});

async function reportOf(c: Context<AppEnv>) {
  const agent = await getAgent(database(c.env), agentIdParam(c));
  if (!agent) throw notFound("Agent");
  const query = parseQuery(reportQuery, c.req.query());
  const request: ReportRequest = {
    ...datesOf(query, Date.now(), agent.settings.timeZone ?? DEFAULT_TIME_ZONE),
    granularity: query.granularity,
    channel: query.channel ?? null,
  };
  try {
    return await buildReport(c.env, agent, request);
  } catch (error) {
    if (error instanceof RangeError) throw new ApiError(400, "invalid_query", error.message);
    throw error;
  }
}

export const analyticsRoutes = new Hono<AppEnv>()
  .get("/agents/:id/analytics", async (c) => c.json(await reportOf(c)))
  .get("/agents/:id/analytics.csv", async (c) => {
    const report = await reportOf(c);
    return c.body(reportCsv(report), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${report.agentId}-analytics-${report.from}-${report.to}.csv"`,
    });
  });
