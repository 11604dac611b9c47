/**
 * Deleting an agent (owners, by the role table): `DELETE /api/agents/:id?confirm=<the agent's id>`.
 * Its knowledge (chunks, vectors, uploaded files), avatars, settings, versions and secrets (action credentials too) go; its
 * conversations stay readable in the inbox until erased with the GDPR tools, and its usage stays
 * in the billing records. Knowledge first: if that fails, the agent is still there to try again.
 */
import { Hono } from "hono";
import { z } from "zod";
import { removeAvatars } from "../channels/live-chat/avatars";
import { purgeWidgetConfig } from "../channels/live-chat/widget-config";
import { database } from "../db/client";
import { agentExists, deleteAgentRecords } from "../db/agents";
import { removeAgentKnowledge } from "../knowledge/remove-agent";
import type { AppEnv } from "../lib/app-env";
import { ApiError, notFound } from "../lib/errors";
import { agentIdParam, agentIdPath } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";

const deleteQuery = z.strictObject({
  confirm: z.string().max(64).optional().describe("The agent's id again: deleting cannot be undone"),
});

const declare = routeSpecs("Agents");

export const agentDeletionRoutes = new Hono<AppEnv>().delete(
  "/agents/:id",
  declare({
    summary: "Delete an agent, its knowledge and settings (its conversations stay)",
    params: { id: agentIdPath },
    query: deleteQuery,
    response: { description: "{ id, deleted: true }" },
  }),
  async (c) => {
    const id = agentIdParam(c);
    const { confirm } = c.req.valid("query");
    const db = database(c.env);
    if (!(await agentExists(db, id))) throw notFound("Agent");
    if (confirm !== id)
      throw new ApiError(
        400,
        "confirmation_required",
        "Deleting an agent removes its knowledge and settings for good: repeat its id as ?confirm=<id>",
        { confirm: "Must be the agent's id" },
      );
    await removeAgentKnowledge(c.env, id);
    await removeAvatars(c.env, id);
    await deleteAgentRecords(db, id);
    await purgeWidgetConfig(new URL(c.req.url).origin, id);
    return c.json({ id, deleted: true });
  },
);
