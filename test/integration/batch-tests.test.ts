/** Batch tests: up to 100 questions answered as preview answers, each with a pass/fail per expectation; nothing recorded, no credits. */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { knowledgeGaps } from "../../worker/db/analytics-schema";
import { adminFetch } from "./helpers/seed";

const AGENT = "batch-agent";
type BatchJson = {
  summary: { total: number; passed: number; failed: number };
  results: {
    question: string;
    answer: string;
    sources: { title: string }[];
    abstained: boolean;
    checks: { source?: { passed: boolean }; phrase?: { passed: boolean } };
    passed: boolean;
  }[];
};

const run = (questions: unknown) => adminFetch(`/agents/${AGENT}/tests`, { method: "POST", json: { questions } });

beforeAll(async () => {
  await adminFetch(`/agents/${AGENT}`, {
    method: "PUT",
    json: { name: "Batch", personality: "friendly", greeting: "Hi" },
  });
  await adminFetch(`/agents/${AGENT}/articles/returns`, {
    method: "PUT",
    json: {
      title: "Returns",
      url: "https://shop.example/returns",
      body: "You can return any product within 30 days of delivery.",
    },
  });
  await adminFetch(`/agents/${AGENT}/articles/shipping`, {
    method: "PUT",
    json: { title: "Shipping", body: "Orders ship to Norway and Sweden within three working days." },
  });
});

describe("batch tests", () => {
  it("answer every question and judge each expectation", async () => {
    const response = await run([
      {
        question: "How many days do I have to return a product?",
        expectSource: "https://shop.example/returns",
        expectPhrase: "30 days",
      },
      { question: "Do you ship to Norway?", expectSource: "Shipping" },
      { question: "How many days do I have to return a product?", expectSource: "Shipping" }, // the wrong source
      { question: "What is the airspeed of an unladen swallow?", expectPhrase: "30 days" }, // abstains
      { question: "Do you ship to Sweden?" }, // no expectation: passes
    ]);
    expect(response.status).toBe(200);
    const body = (await response.json()) as BatchJson;
    expect(body.summary).toEqual({ total: 5, passed: 3, failed: 2 });
    expect(body.results.map((r) => r.passed)).toEqual([true, true, false, false, true]);
    expect(body.results[0]?.checks).toEqual({
      source: { expected: "https://shop.example/returns", passed: true },
      phrase: { expected: "30 days", passed: true },
    });
    expect(body.results[0]?.sources[0]?.title).toBe("Returns");
    expect(body.results[3]?.abstained).toBe(true);
    // Tests record no knowledge gaps (they are not visitors).
    expect(await database(env).select().from(knowledgeGaps).where(eq(knowledgeGaps.agentId, AGENT)).all()).toHaveLength(
      0,
    );
    expect(await (await adminFetch(`/agents/${AGENT}/usage`)).json()).toMatchObject({ used: 0 });
  });

  it("refuse bad input with field errors", async () => {
    for (const [questions, field] of [
      [[], "questions"],
      [Array.from({ length: 101 }, () => ({ question: "Hi?" })), "questions"],
      [[{ question: "" }], "questions.0.question"],
      [[{ question: "Hi?", expectSource: "" }], "questions.0.expectSource"],
      [[{ question: "Hi?", expected: "x" }], "questions.0"],
    ] as const) {
      const response = await run(questions);
      expect(response.status, field).toBe(400);
      const details = ((await response.json()) as { error: { details: Record<string, string> } }).error.details;
      expect(
        Object.keys(details).some((k) => k.startsWith(field)),
        `${field}: ${JSON.stringify(details)}`,
      ).toBe(true);
    }
    expect(
      (await adminFetch("/agents/no-such-agent/tests", { method: "POST", json: { questions: [{ question: "Hi?" }] } }))
        .status,
    ).toBe(404);
    expect(
      (
        await adminFetch(`/agents/${AGENT}/tests`, {
          method: "POST",
          json: { questions: [{ question: "Hi?" }] },
          token: null,
        })
      ).status,
    ).toBe(401);
  });
});
