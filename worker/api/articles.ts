/** Admin routes for an agent's knowledge-base articles: list (no bodies), read, create or replace, delete. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { database } from "../db/client";
import { deleteArticle, getArticle, listArticles, putArticle } from "../db/articles";
import { reindexArticle, unindexArticle } from "../knowledge/articles";
import { notFound } from "../lib/errors";
import { agentIdPath, articleIdParam, articleIdPath, existingAgentId } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";

const MAX_TITLE_CHARS = 200; // a heading, shown in citations
const MAX_BODY_CHARS = 200_000; // a long manual page; bigger documents belong in file sources (knowledge issue)
const MAX_URL_CHARS = 2048; // the longest URL browsers and proxies handle reliably

const articleBody = z.strictObject({
  title: z.string().trim().min(1).max(MAX_TITLE_CHARS),
  body: z.string().min(1).max(MAX_BODY_CHARS),
  url: z
    .url({ protocol: /^https?$/, message: "Must be an http(s) URL" })
    .max(MAX_URL_CHARS)
    .nullable()
    .optional(),
  published: z.boolean().default(true),
});

const declare = routeSpecs("Articles");
const ARTICLE = "The article: { id, title, body, url, published, createdAt, updatedAt }";

export const articleRoutes = new Hono<AppEnv>()
  .get(
    "/agents/:id/articles",
    declare({
      summary: "List the agent's articles (without their bodies)",
      params: { id: agentIdPath },
      response: { description: "{ items: [{ id, title, url, published, createdAt, updatedAt }] }" },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      return c.json({ items: await listArticles(database(c.env), agentId) });
    },
  )
  .get(
    "/agents/:id/articles/:aid",
    declare({
      summary: "Read an article",
      params: { id: agentIdPath, aid: articleIdPath },
      response: { description: ARTICLE },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      const article = await getArticle(database(c.env), agentId, articleIdParam(c));
      if (!article) throw notFound("Article");
      return c.json(article);
    },
  )
  .put(
    "/agents/:id/articles/:aid",
    declare({
      summary: "Create or replace an article (indexed at once)",
      description: "201 when the article is new, 200 when it replaced one.",
      params: { id: agentIdPath, aid: articleIdPath },
      body: articleBody,
      response: { description: ARTICLE },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      const id = articleIdParam(c);
      const body = c.req.valid("json");
      const input = { title: body.title, body: body.body, url: body.url ?? null, published: body.published };
      const { article, created } = await putArticle(database(c.env), agentId, id, input);
      await reindexArticle(c.env, agentId, article); // re-indexed at once: the next answer already uses it
      return c.json(article, created ? 201 : 200);
    },
  )
  .delete(
    "/agents/:id/articles/:aid",
    declare({
      summary: "Delete an article",
      params: { id: agentIdPath, aid: articleIdPath },
      response: { status: 204, description: "Deleted" },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      const id = articleIdParam(c);
      if (!(await deleteArticle(database(c.env), agentId, id))) throw notFound("Article");
      await unindexArticle(c.env, agentId, id);
      return c.body(null, 204);
    },
  );
