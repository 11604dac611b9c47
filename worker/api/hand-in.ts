/**
 * `POST /api/agents/:id/conversations/:conversationId/assign`: an owner's workflow or rule-based
 * bot hands one of the agent's conversations (any channel, live chat included) to the agent, to
 * answer the visitor's latest message, say a fixed message, or answer a question asked on the
 * visitor's behalf (worker/handoff/hand-in.ts). The answer is written in the background.
 */
import { and, eq } from "drizzle-orm";
import { Hono } from "hono";
import { database } from "../db/client";
import { conversations } from "../db/schema";
import { handInBody, handInConversation } from "../handoff/hand-in";
import type { AppEnv } from "../lib/app-env";
import { notFound } from "../lib/errors";
import { agentIdParam, agentIdPath, anyIdPath } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";

export const handInRoutes = new Hono<AppEnv>().post(
  "/agents/:id/conversations/:conversationId/assign",
  routeSpecs("Conversations")({
    summary: "Hand a conversation to the agent: answer the latest message, say a message, or answer a question",
    params: { id: agentIdPath, conversationId: anyIdPath("The conversation's id") },
    body: handInBody,
    response: {
      description:
        '{ conversationId, status: "bot", seq } — seq: the message the agent answers (in the background) or the ' +
        "message it said. 404 not_found, 409 conversation_closed / nothing_to_answer / conversation_full",
    },
  }),
  async (c) => {
    const agentId = agentIdParam(c);
    const conversationId = c.req.param("conversationId");
    const row = await database(c.env)
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.agentId, agentId)))
      .get();
    if (!row) throw notFound("Conversation");
    return c.json(await handInConversation(c.env, conversationId, c.req.valid("json")));
  },
);
