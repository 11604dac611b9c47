/** Admin routes for an agent's short answers: list, read, add, edit, delete. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { database } from "../db/client";
import {
  createShortAnswer,
  deleteShortAnswer,
  getShortAnswer,
  listShortAnswers,
  updateShortAnswer,
} from "../db/short-answers";
import { notFound } from "../lib/errors";
import { agentIdPath, anyIdPath, existingAgentId } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";

const MAX_QUESTION_CHARS = 500; // a question as a visitor would type it
const MAX_ANSWER_CHARS = 4000; // same limit as a chat message, so an answer always fits one reply

const shortAnswerBody = z.strictObject({
  question: z.string().trim().min(1).max(MAX_QUESTION_CHARS),
  answer: z.string().trim().min(1).max(MAX_ANSWER_CHARS),
});

const declare = routeSpecs("Short answers");
const params = { id: agentIdPath };
const oneParams = { id: agentIdPath, sid: anyIdPath("The short answer's id") };
const SHORT_ANSWER = "{ id, question, answer, createdAt, updatedAt }";

export const shortAnswerRoutes = new Hono<AppEnv>()
  .get(
    "/agents/:id/short-answers",
    declare({
      summary: "List the agent's short answers",
      params,
      response: { description: `{ items: [${SHORT_ANSWER}] }` },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      return c.json({ items: await listShortAnswers(database(c.env), agentId) });
    },
  )
  .post(
    "/agents/:id/short-answers",
    declare({
      summary: "Add a short answer (matched before the knowledge base)",
      params,
      body: shortAnswerBody,
      response: { status: 201, description: SHORT_ANSWER },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      return c.json(await createShortAnswer(database(c.env), agentId, c.req.valid("json")), 201);
    },
  )
  .get(
    "/agents/:id/short-answers/:sid",
    declare({ summary: "Read a short answer", params: oneParams, response: { description: SHORT_ANSWER } }),
    async (c) => {
      const found = await getShortAnswer(database(c.env), await existingAgentId(c), c.req.param("sid"));
      if (!found) throw notFound("Short answer");
      return c.json(found);
    },
  )
  .put(
    "/agents/:id/short-answers/:sid",
    declare({
      summary: "Edit a short answer",
      params: oneParams,
      body: shortAnswerBody,
      response: { description: SHORT_ANSWER },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      const updated = await updateShortAnswer(database(c.env), agentId, c.req.param("sid"), c.req.valid("json"));
      if (!updated) throw notFound("Short answer");
      return c.json(updated);
    },
  )
  .delete(
    "/agents/:id/short-answers/:sid",
    declare({
      summary: "Delete a short answer",
      params: oneParams,
      response: { status: 204, description: "Deleted" },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      if (!(await deleteShortAnswer(database(c.env), agentId, c.req.param("sid")))) throw notFound("Short answer");
      return c.body(null, 204);
    },
  );
