/**
 * What the isolate keeps for a few seconds besides a message's reads (worker/db/read-cache.ts): an
 * agent's short answers (worker/knowledge/store.ts) and its open knowledge gaps
 * (worker/analytics/knowledge-gaps.ts). A write through this isolate is seen at once; one written
 * straight to D1, as another isolate's would be, once the kept read is older than the TTL.
 */
import { env } from "cloudflare:workers";
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { markAnswered, recordKnowledgeGap } from "../../worker/analytics/knowledge-gaps";
import { termsOf } from "../../worker/analytics/question-similarity";
import { knowledgeGaps } from "../../worker/db/analytics-schema";
import { database } from "../../worker/db/client";
import { READ_TTL_MS } from "../../worker/db/read-cache";
import { shortAnswers } from "../../worker/db/schema";
import { listShortAnswers } from "../../worker/knowledge/store";
import { adminFetch } from "./helpers/seed";
import { lifecycleAgent } from "./support/lifecycle";

const questions = (rows: readonly { question: string }[]) => rows.map((row) => row.question);

describe("short answers kept by the isolate", () => {
  it("sees an admin API change at once and a change straight in D1 after the TTL", async () => {
    const AGENT = "read-cache-answers";
    await lifecycleAgent(AGENT, {});
    const start = Date.now();
    const before = await listShortAnswers(env, AGENT, start);
    expect(await listShortAnswers(env, AGENT, start + 1)).toBe(before); // kept: not read again

    const created = await adminFetch(`/agents/${AGENT}/short-answers`, {
      method: "POST",
      json: { question: "Do you ship to Norway?", answer: "Yes, within five days." },
    });
    expect(created.status).toBe(201);
    const afterApi = await listShortAnswers(env, AGENT, start + 2);
    expect(questions(afterApi)).toContain("Do you ship to Norway?");

    const now = Date.now();
    await database(env).insert(shortAnswers).values({
      id: "sa_read_cache_direct",
      agentId: AGENT,
      question: "Is there a shop in Oslo?",
      answer: "No.",
      createdAt: now,
      updatedAt: now,
    });
    expect(questions(await listShortAnswers(env, AGENT, start + READ_TTL_MS - 1))).not.toContain(
      "Is there a shop in Oslo?",
    );
    expect(questions(await listShortAnswers(env, AGENT, start + READ_TTL_MS + 2))).toContain(
      "Is there a shop in Oslo?",
    );
  });
});

describe("open knowledge gaps kept by the isolate", () => {
  const openIds = async (agentId: string) =>
    (
      await database(env)
        .select({ id: knowledgeGaps.id })
        .from(knowledgeGaps)
        .where(and(eq(knowledgeGaps.agentId, agentId), isNull(knowledgeGaps.fixedAt)))
    ).map((row) => row.id);

  it("fixes a gap recorded in this isolate at once, and one recorded straight in D1 after the TTL", async () => {
    const AGENT = "read-cache-gaps";
    const db = database(env);
    const start = Date.now();
    expect(await markAnswered(db, AGENT, "How do I reset my password?", start)).toBe(0); // none open: kept empty

    const gap = { agentId: AGENT, conversationId: null, abstained: true, grounding: null };
    await recordKnowledgeGap(db, { ...gap, question: "How do I reset my password?" });
    expect(await markAnswered(db, AGENT, "How can I reset my password?", start + 1)).toBe(1);
    expect(await openIds(AGENT)).toEqual([]);

    expect(await markAnswered(db, AGENT, "Do you sell gift cards?", start + 2)).toBe(0); // read again after the fix, kept
    await db.insert(knowledgeGaps).values({
      id: "gap_read_cache_direct",
      agentId: AGENT,
      conversationId: null,
      question: "Where is my parcel?",
      terms: termsOf("Where is my parcel?"),
      abstained: true,
      grounding: 0,
      createdAt: start,
    });
    expect(await markAnswered(db, AGENT, "Where is my parcel?", start + 3)).toBe(0); // the kept read has no such gap
    expect(await markAnswered(db, AGENT, "Where is my parcel?", start + 2 + READ_TTL_MS)).toBe(1);
    expect(await openIds(AGENT)).toEqual([]);
  });
});
