/**
 * Admin routes for an agent's live switches: on/off and the credit allowance (not versioned
 * configuration: they take effect at once), the daily token budget, and the usage of the current
 * credit period and of today's tokens.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { purgeWidgetConfig } from "../channels/live-chat/widget-config";
import { getAgent } from "../db/agents";
import { database } from "../db/client";
import { changed } from "../db/read-cache";
import { agentControls } from "../db/schema";
import { notFound } from "../lib/errors";
import { creditUsage, DEFAULT_TIME_ZONE, readControls } from "../lifecycle/credits";
import { agentIdParam, agentIdPath } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";
import { tokenUsageToday } from "../lifecycle/token-budget";

const MAX_CREDITS = 10_000_000; // far above any real monthly volume; catches typos with extra zeros
const LAST_SAFE_RESET_DAY = 28; // every month has a 28th
const MAX_DAILY_TOKENS = 10_000_000_000; // ten billion: far above any real day; catches typos

const controlsBody = z.strictObject({
  enabled: z.boolean(),
  /** null: unlimited. */
  monthlyCredits: z.number().int().min(0).max(MAX_CREDITS).nullable().default(null),
  creditResetDay: z.number().int().min(1).max(LAST_SAFE_RESET_DAY).default(1),
  creditsPerResolution: z.number().int().min(1).max(1000).default(1),
  /** Model tokens per local day for the agent's conversations; null: unlimited. */
  dailyTokenLimit: z.number().int().min(1).max(MAX_DAILY_TOKENS).nullable().default(null),
});

async function requireAgent(env: Env, id: string) {
  const agent = await getAgent(database(env), id);
  if (!agent) throw notFound("Agent");
  return agent;
}

const declare = routeSpecs("Controls and credits");
const params = { id: agentIdPath };
const CONTROLS = { description: "The controls in force", schema: controlsBody };

export const controlRoutes = new Hono<AppEnv>()
  .get(
    "/agents/:id/controls",
    declare({ summary: "The agent's live switch and credit allowance", params, response: CONTROLS }),
    async (c) => {
      const agent = await requireAgent(c.env, agentIdParam(c));
      return c.json(await readControls(database(c.env), agent.id));
    },
  )
  .put(
    "/agents/:id/controls",
    declare({
      summary: "Switch the agent on or off and set its credits and daily token budget (at once, not versioned)",
      params,
      body: controlsBody,
      response: CONTROLS,
    }),
    async (c) => {
      const agent = await requireAgent(c.env, agentIdParam(c));
      const body = c.req.valid("json");
      const row = { ...body, updatedAt: Date.now() };
      await database(c.env)
        .insert(agentControls)
        .values({ agentId: agent.id, ...row })
        .onConflictDoUpdate({ target: agentControls.agentId, set: row });
      changed("budget", agent.id); // this isolate's conversations see the new limit on their next message
      await purgeWidgetConfig(new URL(c.req.url).origin, agent.id);
      return c.json(await readControls(database(c.env), agent.id));
    },
  )
  .get(
    "/agents/:id/usage",
    declare({
      summary: "Credits used in the current period, and today's model tokens",
      params,
      response: {
        description: "The credit period's usage, and tokens: { day, used, dailyLimit, remaining, resetsAt }",
      },
    }),
    async (c) => {
      const agent = await requireAgent(c.env, agentIdParam(c));
      const [credits, tokens] = await Promise.all([
        creditUsage(c.env, agent.id, agent.settings.timeZone ?? DEFAULT_TIME_ZONE),
        tokenUsageToday(c.env, agent),
      ]);
      return c.json({ ...credits, tokens });
    },
  );
