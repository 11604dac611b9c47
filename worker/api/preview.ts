/**
 * Preview: ask the agent a question as a visitor would, and see what it would answer with the
 * evidence behind it (ranked documents with scores, cited sources, grounding, abstention).
 * Preview answers record no knowledge gap and touch no conversation. The widget's preview mode
 * (`worker/http/preview-routes.ts`) answers through the same function with the same body.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { previewAnswer } from "../agent/preview-answer";
import { MAX_MESSAGE_CHARS } from "../protocol/events";
import { languageTagSchema } from "../behaviour/language";
import { getDraftAgent } from "../db/agents";
import { database } from "../db/client";
import { notFound } from "../lib/errors";
import { agentIdParam, agentIdPath } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";

const MAX_HISTORY = 20; // the same window a conversation gives the model

/** Also the body of the widget's preview mode (`http/preview-routes.ts`), which checks its token before reading it. */
export const previewBody = z.strictObject({
  message: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
  history: z
    .array(z.strictObject({ role: z.enum(["user", "assistant"]), text: z.string().min(1).max(MAX_MESSAGE_CHARS) }))
    .max(MAX_HISTORY)
    .default([]),
  /** The browser language to preview as (BCP 47), e.g. "da-DK". */
  language: languageTagSchema.optional(),
  /** Really call the read actions the answer uses (write actions are never called in preview). */
  callReadActions: z.boolean().default(false),
});

/** The draft's answer to a preview body, with its evidence, the draft's version and the time it took. */
export async function answerDraftPreview(
  c: Context<AppEnv>,
  agentId: string,
  { message, history, language, callReadActions }: z.output<typeof previewBody>,
): Promise<Response> {
  const draft = await getDraftAgent(database(c.env), agentId); // the draft: what would go live
  if (!draft) throw notFound("Agent");
  const started = performance.now();
  const result = await previewAnswer(c.env, draft.agent, message, {
    history,
    browserLanguage: language ?? null,
    callReadActions,
  });
  return c.json({ ...result, version: draft.version, ms: performance.now() - started });
}

export const previewRoutes = new Hono<AppEnv>().post(
  "/agents/:id/preview",
  routeSpecs("Testing")({
    summary: "Ask the draft a question, and see its answer with the evidence",
    description: "Nothing is recorded, no knowledge gap is noted and no credits are spent.",
    params: { id: agentIdPath },
    body: previewBody,
    response: {
      description:
        "{ answer, sources, ranked, grounding, abstained, language, avoidedTopic, handoff, toolCalls, " +
        "action, version, ms }: the answer, citations, ranked documents with scores, why it would hand " +
        "off, and the action it would call with which inputs (write actions are never called; read " +
        "actions only with callReadActions)",
    },
  }),
  (c) => answerDraftPreview(c, agentIdParam(c), c.req.valid("json")),
);
