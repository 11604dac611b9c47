/** Admin route for an agent's leads: conversations its goal labelled, newest first, with their answers, paged by cursor. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { LEAD_LABELS } from "../goals/definition";
import { listLeads } from "../goals/lead-list";
import { agentIdPath, existingAgentId } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";

const MAX_PAGE = 100; // a page of leads with up to five answers each

const leadsQuery = z.strictObject({
  label: z.enum(LEAD_LABELS).optional().describe("Only leads with this label"),
  cursor: z.string().max(200).optional().describe("The previous page's nextCursor"),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
});

const declare = routeSpecs("Leads");

export const leadRoutes = new Hono<AppEnv>().get(
  "/agents/:id/leads",
  declare({
    summary: "The agent's qualified, partially qualified and unqualified leads, newest first",
    params: { id: agentIdPath },
    query: leadsQuery,
    response: {
      description:
        "{ items: [{ conversationId, label, score, answers: [{ property, value, accepted }], contactId?, at }], nextCursor }",
    },
  }),
  async (c) => {
    const agentId = await existingAgentId(c);
    return c.json(await listLeads(c.env, agentId, c.req.valid("query")));
  },
);
