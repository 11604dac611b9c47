/** Admin routes for an agent's knowledge-base articles: list (no bodies), read, create or replace, delete. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { database } from "../db/client";
import { deleteArticle, getArticle, listArticles, putArticle } from "../db/articles";
import { reindexArticle, unindexArticle } from "../knowledge/articles";
import { notFound } from "../lib/errors";
import { readJson } from "../lib/validate";
import { articleIdParam, existingAgentId } from "../lib/params";

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

export const articleRoutes = new Hono<AppEnv>()
  .get("/agents/:id/articles", async (c) => {
    const agentId = await existingAgentId(c);
    return c.json({ items: await listArticles(database(c.env), agentId) });
  })
  .get("/agents/:id/articles/:aid", async (c) => {
    const agentId = await existingAgentId(c);
    const article = await getArticle(database(c.env), agentId, articleIdParam(c));
    if (!article) throw notFound("Article");
    return c.json(article);
  })
  .put("/agents/:id/articles/:aid", async (c) => {
    const agentId = await existingAgentId(c);
    const id = articleIdParam(c);
    const body = await readJson(c, articleBody);
    const input = { title: body.title, body: body.body, url: body.url ?? null, published: body.published };
    const { article, created } = await putArticle(database(c.env), agentId, id, input);
    await reindexArticle(c.env, agentId, article); // re-indexed at once: the next answer already uses it
    return c.json(article, created ? 201 : 200);
  })
  .delete("/agents/:id/articles/:aid", async (c) => {
    const agentId = await existingAgentId(c);
    const id = articleIdParam(c);
    if (!(await deleteArticle(database(c.env), agentId, id))) throw notFound("Article");
    await unindexArticle(c.env, agentId, id);
    return c.body(null, 204);
  });
