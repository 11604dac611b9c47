/**
 * Admin routes for an agent's content sources: list (with the built-ins), add a URL, read, change citation settings,
 * re-sync, cancel, delete.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { database } from "../db/client";
import { MAX_CRAWL_PAGES } from "../knowledge/crawl/limits";
import {
  createSource,
  deleteSource,
  ensureBuiltInSource,
  getSource,
  listSources,
  updateSource,
  type SourceRow,
} from "../db/sources";
import { cancelCrawl, startCrawl } from "../knowledge/crawl/crawler";
import { loopbackAllowance, refuseUrl } from "../lib/address-policy";
import type { IngestMessage } from "../knowledge/queue-messages";
import { removeSourceFromIndex } from "../knowledge/ingest";
import { ApiError, notFound } from "../lib/errors";
import { agentIdPath, existingAgentId } from "../lib/params";
import { pathParam, readPathParam, routeSpecs } from "../lib/route-spec";

const SOURCE_ID = /^src_[A-Za-z0-9_-]{1,100}$/;
const sourceIdPath = pathParam(z.string().regex(SOURCE_ID).describe("The source's id"), () => notFound("Source"));
const MAX_NAME_CHARS = 300; // file paths can be long

const createBody = z.strictObject({
  type: z.literal("url"),
  url: z.url({ protocol: /^https?$/, message: "Must be an http(s) URL" }).max(2048),
  importRelated: z.boolean().default(false),
  maxPages: z.number().int().min(1).max(MAX_CRAWL_PAGES).default(MAX_CRAWL_PAGES),
});

const patchBody = z
  .strictObject({
    allowCitations: z.boolean().optional(),
    private: z.boolean().optional(),
    name: z.string().trim().min(1).max(MAX_NAME_CHARS).optional(),
    /** URL sources only: crawl the same host too, and how many pages; a change re-crawls. */
    importRelated: z.boolean().optional(),
    maxPages: z.number().int().min(1).max(MAX_CRAWL_PAGES).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: "Nothing to change" });

async function existingSource(c: Context<AppEnv>): Promise<{ agentId: string; source: SourceRow }> {
  const agentId = await existingAgentId(c);
  const source = await getSource(database(c.env), agentId, readPathParam(c, "sid", sourceIdPath));
  if (!source) throw notFound("Source");
  return { agentId, source };
}

/** The URL source's new crawl settings, when the patch changes them (null: it does not); 400 for another type. */
function crawlSettingsChange(
  source: SourceRow,
  body: { importRelated?: boolean; maxPages?: number },
): Record<string, unknown> | null {
  if (body.importRelated === undefined && body.maxPages === undefined) return null;
  if (source.type !== "url")
    throw new ApiError(400, "invalid_body", "Only URL sources have crawl settings", {
      [body.importRelated === undefined ? "maxPages" : "importRelated"]: "Only for URL sources",
    });
  const next = {
    ...source.config,
    ...(body.importRelated === undefined ? {} : { importRelated: body.importRelated }),
    ...(body.maxPages === undefined ? {} : { maxPages: body.maxPages }),
  };
  const changed = next.importRelated !== source.config.importRelated || next.maxPages !== source.config.maxPages;
  return changed ? next : null;
}

const isBuiltIn = (source: SourceRow) => source.type === "articles" || source.type === "short_answers";

const declare = routeSpecs("Sources");
const params = { id: agentIdPath };
const oneParams = { id: agentIdPath, sid: sourceIdPath };
const SOURCE =
  "The source: { id, agentId, type (url, file, articles, short_answers), name, config, status, " +
  "stats, error, allowCitations, private, lastSyncedAt, createdAt, updatedAt }";

export const sourceRoutes = new Hono<AppEnv>()
  .get(
    "/agents/:id/sources",
    declare({
      summary: "List the agent's content sources, with the built-in ones",
      params,
      response: { description: "{ items: [source] }" },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      const db = database(c.env);
      await ensureBuiltInSource(db, agentId, "articles");
      await ensureBuiltInSource(db, agentId, "short_answers");
      return c.json({ items: await listSources(db, agentId) });
    },
  )
  .post(
    "/agents/:id/sources",
    declare({
      summary: "Add a URL source, crawled in the background",
      params,
      body: createBody,
      response: { status: 202, description: SOURCE },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      const body = c.req.valid("json");
      const refusal = refuseUrl(new URL(body.url), loopbackAllowance(c.env.ALLOW_LOOPBACK_FETCH));
      if (refusal) throw new ApiError(400, "invalid_body", refusal.message, { url: refusal.message });
      const source = await createSource(database(c.env), agentId, "url", body.url, {
        url: body.url,
        importRelated: body.importRelated,
        maxPages: body.maxPages,
      });
      c.executionCtx.waitUntil(
        startCrawl(c.env, source).catch((error: unknown) => console.error("crawl start failed", error)),
      );
      return c.json(source, 202);
    },
  )
  .get(
    "/agents/:id/sources/:sid",
    declare({
      summary: "Read a source, with its progress and errors",
      params: oneParams,
      response: { description: SOURCE },
    }),
    async (c) => c.json((await existingSource(c)).source),
  )
  .post(
    "/agents/:id/sources/:sid/cancel",
    declare({ summary: "Cancel a URL source's crawl", params: oneParams, response: { description: SOURCE } }),
    async (c) => {
      const { agentId, source } = await existingSource(c);
      if (source.type !== "url")
        throw new ApiError(409, "not_cancellable", "Only URL sources are crawled and can be cancelled");
      await cancelCrawl(c.env, source);
      return c.json(await getSource(database(c.env), agentId, source.id));
    },
  )
  .patch(
    "/agents/:id/sources/:sid",
    declare({
      summary:
        "Change a source's name, citations, privacy, or a URL source's crawl settings (then it is crawled again)",
      params: oneParams,
      body: patchBody,
      response: { description: SOURCE },
    }),
    async (c) => {
      const { agentId, source } = await existingSource(c);
      const body = c.req.valid("json");
      const crawl = crawlSettingsChange(source, body);
      const isPrivate = body.private ?? source.private;
      // A private source is never cited, whatever its citation toggle says.
      const allowCitations = isPrivate ? false : (body.allowCitations ?? source.allowCitations);
      await updateSource(database(c.env), source.id, {
        private: isPrivate,
        allowCitations,
        ...(body.name ? { name: body.name } : {}),
        ...(crawl ? { config: crawl } : {}),
      });
      // New crawl settings take effect by crawling again (unchanged pages are not re-indexed).
      if (crawl)
        await c.env.INGEST_QUEUE.send({ type: "resync-source", agentId, sourceId: source.id } satisfies IngestMessage);
      return c.json(await getSource(database(c.env), agentId, source.id));
    },
  )
  .post(
    "/agents/:id/sources/:sid/resync",
    declare({
      summary: "Re-sync a file or URL source in the background",
      params: oneParams,
      response: { status: 202, description: "{ queued: true }" },
    }),
    async (c) => {
      const { agentId, source } = await existingSource(c);
      if (source.type !== "file" && source.type !== "url") {
        throw new ApiError(
          409,
          "not_resyncable",
          "Only file and URL sources are re-synced; articles and short answers are always current",
        );
      }
      await c.env.INGEST_QUEUE.send({ type: "resync-source", agentId, sourceId: source.id } satisfies IngestMessage);
      return c.json({ queued: true }, 202);
    },
  )
  .delete(
    "/agents/:id/sources/:sid",
    declare({
      summary: "Delete a source and its indexed content",
      params: oneParams,
      response: { status: 204, description: "Deleted" },
    }),
    async (c) => {
      const { agentId, source } = await existingSource(c);
      if (isBuiltIn(source))
        throw new ApiError(
          409,
          "built_in_source",
          "Built-in sources cannot be deleted; delete their articles or short answers instead",
        );
      if (source.type === "url") await cancelCrawl(c.env, source);
      await removeSourceFromIndex(c.env, agentId, source.id);
      await deleteSource(database(c.env), source.id);
      return c.body(null, 204);
    },
  );
