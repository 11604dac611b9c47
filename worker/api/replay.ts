/**
 * `POST /api/agents/:id/replay`: re-runs recent (or chosen) conversations' visitor messages
 * against the draft and reports, per conversation and message, where the answer, sources or
 * handoff decision changed. Spends no credits and writes nothing.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { replayConversation, type ReplayedConversation } from "../agent/replay";
import { getDraftAgent } from "../db/agents";
import { database } from "../db/client";
import { conversations } from "../db/schema";
import { notFound } from "../lib/errors";
import { agentIdParam, agentIdPath } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";

const MAX_CONVERSATIONS = 50; // each message is answered again: a replay is a batch, not an export
const DEFAULT_CONVERSATIONS = 10;

const replayBody = z.strictObject({
  conversationIds: z
    .array(z.string().regex(/^c_[A-Za-z0-9_-]{22}$/))
    .min(1)
    .max(MAX_CONVERSATIONS)
    .optional(),
  limit: z.number().int().min(1).max(MAX_CONVERSATIONS).default(DEFAULT_CONVERSATIONS),
});

export const replayRoutes = new Hono<AppEnv>().post(
  "/agents/:id/replay",
  routeSpecs("Testing")({
    summary: "Ask recent (or chosen) conversations again against the draft, and show what changed",
    params: { id: agentIdPath },
    body: replayBody,
    response: {
      description:
        "{ version, summary: { conversations, changed }, conversations: [per message: answer, sources " +
        "and handoff before and after, changed] }",
    },
  }),
  async (c) => {
    const draft = await getDraftAgent(database(c.env), agentIdParam(c));
    if (!draft) throw notFound("Agent");
    const body = c.req.valid("json");
    const where = body.conversationIds
      ? and(eq(conversations.agentId, draft.agent.id), inArray(conversations.id, body.conversationIds))
      : eq(conversations.agentId, draft.agent.id);
    const rows = await database(c.env)
      .select({ id: conversations.id })
      .from(conversations)
      .where(where)
      .orderBy(desc(conversations.createdAt))
      .limit(body.limit)
      .all();
    const results: ReplayedConversation[] = [];
    for (const { id } of rows) {
      const events = await c.env.CONVERSATIONS.get(c.env.CONVERSATIONS.idFromName(id)).events(0);
      results.push(await replayConversation(c.env, draft.agent, id, events));
    }
    return c.json({
      version: draft.version,
      summary: { conversations: results.length, changed: results.filter((r) => r.changed).length },
      conversations: results,
    });
  },
);
