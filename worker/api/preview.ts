/**
 * Preview: ask the agent a question as a visitor would, and see what it would answer with the
 * evidence behind it (ranked documents with scores, cited sources, grounding, abstention).
 * Preview answers record no knowledge gap and touch no conversation.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app";
import { PASSAGES_PER_TURN, runTurn } from "../agent/turn";
import { retrieveRanked } from "../knowledge/retrieve";
import type { Source } from "../protocol/events";
import { MAX_MESSAGE_CHARS } from "../protocol/events";
import { readJson } from "../lib/validate";
import { getAgent } from "../db/agents";
import { database } from "../db/client";
import { notFound } from "../lib/errors";
import { agentIdParam } from "./params";

const RANKED_DOCUMENTS = 5; // what the eval's Recall@5 looks at
const MAX_HISTORY = 20; // the same window a conversation gives the model

const previewBody = z.strictObject({
  message: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
  history: z
    .array(z.strictObject({ role: z.enum(["user", "assistant"]), text: z.string().min(1).max(MAX_MESSAGE_CHARS) }))
    .max(MAX_HISTORY)
    .default([]),
});

export const previewRoutes = new Hono<AppEnv>().post("/agents/:id/preview", async (c) => {
  const agent = await getAgent(database(c.env), agentIdParam(c));
  if (!agent) throw notFound("Agent");
  const agentId = agent.id;
  const { message, history } = await readJson(c, previewBody);
  const started = performance.now();
  const { passages, ranked } = await retrieveRanked(c.env, agentId, message, RANKED_DOCUMENTS);
  let answer = "";
  const sources: Source[] = [];
  let grounding: number | null = null;
  let abstained = false;
  for await (const part of runTurn({ env: c.env, agentId, history: [...history, { role: "user", text: message }], passages: passages.slice(0, PASSAGES_PER_TURN), agent })) {
    if (part.type === "delta") answer += part.text;
    else if (part.type === "source") sources.push(part.source);
    else ({ grounding, abstained } = part);
  }
  return c.json({
    answer,
    sources,
    ranked: ranked.map((p) => ({ sourceRef: p.sourceRef, name: p.name, title: p.title, url: p.url ?? null, score: p.score, citable: p.citable })),
    grounding,
    abstained,
    ms: performance.now() - started,
  });
});
