/**
 * Admin routes for an agent's knowledge gaps: the open (or fixed) groups of questions it could not
 * answer well, and the two ways to close one — a short answer (live at once, so the group is marked
 * fixed by it) or an article draft (unpublished; the group is fixed when a later conversation is
 * answered from it).
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { listGapGroups, markFixed, openGroupOf } from "../analytics/knowledge-gaps";
import { database } from "../db/client";
import { putArticle } from "../db/articles";
import { createShortAnswer } from "../db/short-answers";
import { reindexArticle } from "../knowledge/articles";
import { notFound } from "../lib/errors";
import { agentIdPath, existingAgentId } from "../lib/params";
import { pathParam, readPathParam, routeSpecs } from "../lib/route-spec";

const MAX_QUESTION_CHARS = 500; // as for short answers
const MAX_ANSWER_CHARS = 4000;
const MAX_TITLE_CHARS = 200;

const listQuery = z.strictObject({ status: z.enum(["open", "fixed"]).default("open") });
const shortAnswerBody = z.strictObject({
  question: z.string().trim().min(1).max(MAX_QUESTION_CHARS).optional(),
  answer: z.string().trim().min(1).max(MAX_ANSWER_CHARS),
});
const articleBody = z.strictObject({ title: z.string().trim().min(1).max(MAX_TITLE_CHARS).optional() });

const GAP_ID = /^gap_[A-Za-z0-9_-]{1,64}$/;
const gapIdPath = pathParam(z.string().regex(GAP_ID).describe("A gap's id, as listed"), () =>
  notFound("Open knowledge gap"),
);

/** The open group of the `:gid` gap, or 404. */
async function openGroup(db: ReturnType<typeof database>, agentId: string, gapId: string) {
  const group = await openGroupOf(db, agentId, gapId);
  if (!group) throw notFound("Open knowledge gap");
  return group;
}

/** An article id for a gap's draft: stable per gap, so asking twice replaces the draft instead of piling them up. */
const draftIdOf = (gapId: string): string =>
  `gap-${gapId
    .slice(4)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")}`;

const declare = routeSpecs("Knowledge gaps");
const params = { id: agentIdPath };
const gapParams = { id: agentIdPath, gid: gapIdPath };

export const knowledgeGapRoutes = new Hono<AppEnv>()
  .get(
    "/agents/:id/gaps",
    declare({
      summary: "Questions the agent could not answer well, grouped by similarity",
      params,
      query: listQuery,
      response: {
        description:
          "{ items: [{ id, question, count, abstained, lastAskedAt, examples: [{ question, conversationId, " +
          "askedAt }], fixedAt, fixedBy }] }",
      },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      const { status } = c.req.valid("query");
      return c.json({ items: await listGapGroups(database(c.env), agentId, status) });
    },
  )
  .post(
    "/agents/:id/gaps/:gid/short-answer",
    declare({
      summary: "Close a gap with a short answer (live at once; the group is marked fixed)",
      params: gapParams,
      body: shortAnswerBody,
      response: { status: 201, description: "The short answer, and fixedGaps: how many gaps it closed" },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      const db = database(c.env);
      const group = await openGroup(db, agentId, readPathParam(c, "gid", gapIdPath));
      const body = c.req.valid("json");
      const question = body.question ?? group.question.slice(0, MAX_QUESTION_CHARS);
      const created = await createShortAnswer(db, agentId, { question, answer: body.answer });
      await markFixed(db, agentId, group.ids, created.id);
      return c.json({ ...created, fixedGaps: group.ids.length }, 201);
    },
  )
  .post(
    "/agents/:id/gaps/:gid/article",
    declare({
      summary: "Draft an unpublished article from a gap's questions",
      description: "The gap is marked fixed when a later conversation is answered from the published article.",
      params: gapParams,
      body: articleBody,
      response: { status: 201, description: "The article draft (published: false)" },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      const db = database(c.env);
      const gapId = readPathParam(c, "gid", gapIdPath);
      const group = await openGroup(db, agentId, gapId);
      const body = c.req.valid("json");
      const draft = {
        title: body.title ?? group.question.slice(0, MAX_TITLE_CHARS),
        body: `Visitors asked:\n\n${group.questions.map((q) => `- ${q}`).join("\n")}\n\nWrite the answer here, then publish.`,
        url: null,
        published: false,
      };
      const { article } = await putArticle(db, agentId, draftIdOf(gapId), draft);
      await reindexArticle(c.env, agentId, article); // unpublished: out of the index (a second draft replaces a published one)
      return c.json(article, 201);
    },
  );
