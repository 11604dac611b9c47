/**
 * Admin routes for an agent's published versions: publish the draft (or put an unpublished agent
 * back), unpublish (off every channel), list versions, and restore an earlier published version.
 * Reading and saving the configuration are in agent-config.ts.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { database, type Db } from "../db/client";
import {
  getDraft,
  listVersions,
  publishVersion,
  setUnpublished,
  saveAgentVersion,
  versionConfig,
  type Agent,
} from "../db/agents";
import { purgeWidgetConfig } from "../channels/live-chat/widget-config";
import { ApiError, notFound } from "../lib/errors";
import { liveActionWarnings, pruneActionCredentials } from "../actions/editing";
import { agentIdParam, agentIdPath } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";
import { AGENT_VIEW, agentView, requireAgent } from "./agent-view";

const restoreBody = z.strictObject({ version: z.number().int().min(1) });

/**
 * Publishing changes what visitors see: the cached widget config goes at once, and credentials of dropped
 * actions; the admin is warned of live actions left without a credential (a restored version's).
 */
async function published(c: Context<AppEnv>, db: Db, agent: Agent | null): Promise<Response> {
  if (!agent) throw notFound("Agent version");
  await purgeWidgetConfig(new URL(c.req.url).origin, agent.id);
  await pruneActionCredentials(c.env, agent.id);
  const warnings = await liveActionWarnings(c.env, agent);
  return c.json({ ...(await agentView(db, agent)), ...(warnings.length ? { warnings } : {}) });
}

const PUBLISHED_VIEW = `${AGENT_VIEW}; \`warnings\` (when present): live actions without their credential`;

const declare = routeSpecs("Agents");
const params = { id: agentIdPath };

export const agentRoutes = new Hono<AppEnv>()
  /** Publishes the draft; an unpublished agent without one goes back on its channels as it was. */
  .post(
    "/agents/:id/publish",
    declare({
      summary: "Publish the draft (or put an unpublished agent back on its channels)",
      params,
      response: { description: PUBLISHED_VIEW },
    }),
    async (c) => {
      const db = database(c.env);
      const agent = await requireAgent(db, agentIdParam(c));
      const draft = await getDraft(db, agent);
      if (draft) return published(c, db, await publishVersion(db, agent.id, draft.version));
      if (agent.unpublishedAt !== null) return published(c, db, await setUnpublished(db, agent.id, null));
      throw new ApiError(409, "nothing_to_publish", "There is no draft newer than the published configuration");
    },
  )
  /** Takes the agent off every channel: no launcher, no new conversations; open ones go to a person. */
  .post(
    "/agents/:id/unpublish",
    declare({ summary: "Take the agent off every channel", params, response: { description: AGENT_VIEW } }),
    async (c) => {
      const db = database(c.env);
      const agent = await requireAgent(db, agentIdParam(c));
      if (agent.unpublishedAt !== null) throw new ApiError(409, "not_published", "The agent is unpublished already");
      return published(c, db, await setUnpublished(db, agent.id, Date.now()));
    },
  )
  .get(
    "/agents/:id/versions",
    declare({
      summary: "List the agent's configuration versions",
      params,
      response: { description: "{ items: [{ version, publishedAt, createdAt, live, ... }] }" },
    }),
    async (c) => {
      const db = database(c.env);
      const agent = await requireAgent(db, agentIdParam(c));
      const versions = await listVersions(db, agent.id);
      return c.json({ items: versions.map((v) => ({ ...v, live: v.version === agent.publishedVersion })) });
    },
  )
  /** Brings back an earlier published configuration, as a new published version (history stays linear). */
  .post(
    "/agents/:id/restore",
    declare({
      summary: "Restore an earlier published version, as a new published version",
      params,
      body: restoreBody,
      response: { description: PUBLISHED_VIEW },
    }),
    async (c) => {
      const db = database(c.env);
      const agent = await requireAgent(db, agentIdParam(c));
      const { version } = c.req.valid("json");
      const earlier = await versionConfig(db, agent.id, version);
      if (!earlier) throw notFound("Agent version");
      if (earlier.publishedAt === null)
        throw new ApiError(
          409,
          "never_published",
          "Only a version that was published before can be restored; publish drafts instead",
        );
      const saved = await saveAgentVersion(db, agent.id, earlier.config);
      return published(c, db, await publishVersion(db, agent.id, saved.version));
    },
  );
