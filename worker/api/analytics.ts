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
import { agentIdParam, agentIdPath } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";
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

type ReportQuery = z.output<typeof reportQuery>;

async function reportOf(c: Context<AppEnv>, query: ReportQuery) {
  const agent = await getAgent(database(c.env), agentIdParam(c));
  if (!agent) throw notFound("Agent");
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

const declare = routeSpecs("Analytics");
const params = { id: agentIdPath };

export const analyticsRoutes = new Hono<AppEnv>()
  .get(
    "/agents/:id/analytics",
    declare({
      summary: "The agent's performance report",
      description:
        "Dates are local to the agent's time zone; the last 30 days by default. Definitions of each rate are in README (Analytics).",
      params,
      query: reportQuery,
      response: {
        description:
          "{ agentId, from, to, timeZone, granularity, channel, totals, series }: conversations, handle, " +
          "resolution, deflection, handoff (with reasons) and abstention rates, feedback, median " +
          "latencies, credits, tokens and cost, in all and per period",
      },
    }),
    async (c) => c.json(await reportOf(c, c.req.valid("query"))),
  )
  .get(
    "/agents/:id/analytics.csv",
    declare({
      summary: "The same report's table as CSV",
      params,
      query: reportQuery,
      response: { description: "One row per period", mediaType: "text/csv", schema: { type: "string" } },
    }),
    async (c) => {
      const report = await reportOf(c, c.req.valid("query"));
      return c.body(reportCsv(report), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${report.agentId}-analytics-${report.from}-${report.to}.csv"`,
      });
    },
  );
