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
import { readJson } from "../lib/validate";
import { existingAgentId } from "../lib/params";

const MAX_QUESTION_CHARS = 500; // a question as a visitor would type it
const MAX_ANSWER_CHARS = 4000; // same limit as a chat message, so an answer always fits one reply

const shortAnswerBody = z.strictObject({
  question: z.string().trim().min(1).max(MAX_QUESTION_CHARS),
  answer: z.string().trim().min(1).max(MAX_ANSWER_CHARS),
});

export const shortAnswerRoutes = new Hono<AppEnv>()
  .get("/agents/:id/short-answers", async (c) => {
    const agentId = await existingAgentId(c);
    return c.json({ items: await listShortAnswers(database(c.env), agentId) });
  })
  .post("/agents/:id/short-answers", async (c) => {
    const agentId = await existingAgentId(c);
    const body = await readJson(c, shortAnswerBody);
    return c.json(await createShortAnswer(database(c.env), agentId, body), 201);
  })
  .get("/agents/:id/short-answers/:sid", async (c) => {
    const found = await getShortAnswer(database(c.env), await existingAgentId(c), c.req.param("sid"));
    if (!found) throw notFound("Short answer");
    return c.json(found);
  })
  .put("/agents/:id/short-answers/:sid", async (c) => {
    const agentId = await existingAgentId(c);
    const body = await readJson(c, shortAnswerBody);
    const updated = await updateShortAnswer(database(c.env), agentId, c.req.param("sid"), body);
    if (!updated) throw notFound("Short answer");
    return c.json(updated);
  })
  .delete("/agents/:id/short-answers/:sid", async (c) => {
    const agentId = await existingAgentId(c);
    if (!(await deleteShortAnswer(database(c.env), agentId, c.req.param("sid")))) throw notFound("Short answer");
    return c.body(null, 204);
  });
