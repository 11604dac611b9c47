/**
 * Batch tests: `POST /api/agents/:id/tests` asks up to 100 questions the way preview does and
 * reports every answer with its sources and a pass/fail per expectation — an expected source
 * (cited, or the top document of an answer citing none; matched by id, title, URL or file name) and/or an
 * expected phrase (in the answer, any case). Nothing is recorded and no credits are spent.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { previewAnswer, type PreviewAnswer } from "../agent/preview-answer";
import { getDraftAgent } from "../db/agents";
import { database } from "../db/client";
import { notFound } from "../lib/errors";
import { MAX_MESSAGE_CHARS } from "../protocol/events";
import { agentIdParam, agentIdPath } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";

const MAX_QUESTIONS = 100;
const MAX_EXPECTATION_CHARS = 500;

const testsBody = z.strictObject({
  questions: z
    .array(
      z.strictObject({
        question: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
        expectSource: z.string().trim().min(1).max(MAX_EXPECTATION_CHARS).optional(),
        expectPhrase: z.string().trim().min(1).max(MAX_EXPECTATION_CHARS).optional(),
        /** The name of the action the agent should start or call for this question. */
        expectAction: z.string().trim().min(1).max(MAX_EXPECTATION_CHARS).optional(),
      }),
    )
    .min(1)
    .max(MAX_QUESTIONS),
  /** Really call the read actions answers use (write actions are never called in tests). */
  callReadActions: z.boolean().default(false),
});

type Check = { expected: string; passed: boolean };
export type BatchResult = PreviewAnswer & {
  question: string;
  checks: { source?: Check; phrase?: Check; action?: Check };
  passed: boolean;
};

const same = (a: string | null | undefined, b: string) => typeof a === "string" && a.toLowerCase() === b.toLowerCase();

/** Whether the answer rests on the expected source: one it cites, or (when it cites none, e.g. a private source) its top document. */
export function hasSource(result: PreviewAnswer, expected: string): boolean {
  if (result.sources.length > 0)
    return result.sources.some((s) => same(s.id, expected) || same(s.title, expected) || same(s.url, expected));
  const top = result.ranked[0];
  return (
    top !== undefined &&
    !result.abstained &&
    (same(top.sourceRef, expected) || same(top.name, expected) || same(top.title, expected) || same(top.url, expected))
  );
}

const declare = routeSpecs("Testing");

export const batchTestRoutes = new Hono<AppEnv>().post(
  "/agents/:id/tests",
  declare({
    summary: "Ask the draft up to 100 questions and check each answer's source and phrase",
    params: { id: agentIdPath },
    body: testsBody,
    response: {
      description:
        "{ version, summary: { total, passed, failed }, results: [preview answer + { question, checks, " +
        "passed }] }; nothing is recorded, no credits spent",
    },
  }),
  async (c) => {
    const draft = await getDraftAgent(database(c.env), agentIdParam(c)); // the draft: what would go live
    if (!draft) throw notFound("Agent");
    const { agent } = draft;
    const { questions, callReadActions } = c.req.valid("json");
    const results: BatchResult[] = [];
    // One at a time: a batch must not crowd out visitors on the same index.
    for (const item of questions) {
      const answer = await previewAnswer(c.env, agent, item.question, { callReadActions });
      const checks: BatchResult["checks"] = {};
      if (item.expectSource)
        checks.source = { expected: item.expectSource, passed: hasSource(answer, item.expectSource) };
      if (item.expectPhrase)
        checks.phrase = {
          expected: item.expectPhrase,
          passed: answer.answer.toLowerCase().includes(item.expectPhrase.toLowerCase()),
        };
      if (item.expectAction)
        checks.action = { expected: item.expectAction, passed: answer.action?.name === item.expectAction };
      results.push({
        question: item.question,
        ...answer,
        checks,
        passed: Object.values(checks).every((check) => check.passed),
      });
    }
    const passed = results.filter((r) => r.passed).length;
    return c.json({
      version: draft.version,
      summary: { total: results.length, passed, failed: results.length - passed },
      results,
    });
  },
);
