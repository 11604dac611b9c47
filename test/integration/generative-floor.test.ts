/**
 * The retrieval floor only removes clear noise: a passage too weak for the offline model to quote
 * still reaches a generative model, with its score, and that model decides under its instructions.
 */
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { MIN_GROUNDING } from "../../worker/agent/offline/answer";
import { NOISE_FLOOR, rankDocuments } from "../../worker/knowledge/retrieve";
import { HELP_CENTRE, insertAgentWithKnowledge } from "./knowledge-fixtures";
import { turnParts } from "./support/turn-parts";

type RecordedRequest = { path: string; body: { messages: { role: string; content: string }[] } };

// Shares only "box" and "item" with the returns article: the nearest passage, not a clear answer.
const WEAK_QUESTION = "the box came dented and one item rattles inside, what now?";

describe("the retrieval floor", () => {
  it("passes a generative model the passage the offline model will not quote", async () => {
    await insertAgentWithKnowledge("floor-agent", HELP_CENTRE);
    const [best] = await rankDocuments(env, "floor-agent", WEAK_QUESTION, 5);
    // The premise: the best document lies between clear noise and the offline model's bar.
    expect(best?.sourceId).toBe("doc:src_floor-agent_articles:refunds");
    expect(best?.score).toBeGreaterThanOrEqual(NOISE_FLOOR);
    expect(best?.score).toBeLessThan(MIN_GROUNDING);

    const offline = await turnParts(env, "floor-agent", WEAK_QUESTION);
    expect(offline.find((p) => p.type === "finish")).toMatchObject({ abstained: true });

    const loopback = inject("openaiLoopbackUrl");
    const generativeEnv: Env = {
      ...env,
      OPENAI_API_KEY: "test-key",
      OPENAI_BASE_URL: `${loopback}/v1`,
      FRONTDESK_MODEL: "floor-model",
    };
    await turnParts(generativeEnv, "floor-agent", WEAK_QUESTION);
    const recorded = (await (await fetch(`${loopback}/__requests`)).json()) as RecordedRequest[];
    const request = recorded.find(
      (r) => r.path.endsWith("/chat/completions") && r.body.messages.some((m) => m.content === WEAK_QUESTION),
    );
    const system = request?.body.messages[0]?.content ?? "";
    expect(system).toContain('"id":"doc:src_floor-agent_articles:refunds"');
    expect(system).toContain(`"score":${Math.round(best!.score * 1000) / 1000}`);
    expect(system).toContain("a low score means it is only the nearest the knowledge base has");
  });

  it("passes no model a document that shares nothing with the question", async () => {
    await insertAgentWithKnowledge("noise-agent", HELP_CENTRE);
    const ranked = await rankDocuments(env, "noise-agent", "qwxz vbnm plorf", 5);
    expect(ranked.every((d) => d.score < NOISE_FLOOR)).toBe(true);
  });
});
