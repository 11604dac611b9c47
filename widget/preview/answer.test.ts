/**
 * The preview page's model: reading a preview response (optional fields only when present), the link in the fragment,
 * and the history it sends.
 */
import { describe, expect, it } from "vitest";
import { historyFor, MAX_HISTORY, readPreviewAnswer, type Turn } from "./answer";
import { readPreviewLink } from "./api";

const BASE = {
  answer: "Paste the script tag.",
  sources: [{ id: "s1", title: "Embedding", url: "https://e.x/embed" }, { id: 7 }],
  ranked: [
    { sourceRef: "src_1", name: "docs/embedding.md", title: "Embedding", url: null, score: 0.81, citable: true },
    { name: "no score" },
  ],
  grounding: 0.62,
  abstained: false,
  avoidedTopic: null,
  version: 3,
  ms: 12,
};

describe("readPreviewAnswer", () => {
  it("keeps the well-formed evidence and drops the rest", () => {
    const result = readPreviewAnswer(BASE);
    expect(result).toEqual({
      answer: "Paste the script tag.",
      sources: [{ id: "s1", title: "Embedding", url: "https://e.x/embed" }],
      ranked: [{ title: "Embedding", name: "docs/embedding.md", url: null, score: 0.81, citable: true }],
      grounding: 0.62,
      abstained: false,
      avoidedTopic: null,
      version: 3,
    });
    expect(result).not.toHaveProperty("handoff");
    expect(result).not.toHaveProperty("toolCalls");
  });

  it("reads handoff and tool calls when the server sends them", () => {
    const result = readPreviewAnswer({
      ...BASE,
      avoidedTopic: { topic: "Crypto", handling: "reply" },
      handoff: { reason: "trigger_phrase", detail: "refund" },
      toolCalls: [
        { name: "lookup_order", input: { orderId: "A1" } },
        { input: {} },
        { name: "x".repeat(3), input: "y".repeat(600) },
      ],
    });
    expect(result.avoidedTopic).toEqual({ topic: "Crypto", handling: "reply" });
    expect(result.handoff).toEqual({ reason: "trigger_phrase", detail: "refund" });
    expect(result.toolCalls?.[0]).toEqual({ name: "lookup_order", input: '{"orderId":"A1"}' });
    expect(result.toolCalls).toHaveLength(2);
    expect(result.toolCalls?.[1]?.input.length).toBeLessThanOrEqual(501);
    expect(readPreviewAnswer({ ...BASE, handoff: null }).handoff).toBeNull();
    expect(readPreviewAnswer({ ...BASE, handoff: { reason: "abstained" } }).handoff).toEqual({
      reason: "abstained",
      detail: null,
    });
    expect(readPreviewAnswer({ ...BASE, handoff: "yes" })).not.toHaveProperty("handoff");
  });

  it("survives a response with nothing in it", () => {
    expect(readPreviewAnswer({})).toEqual({
      answer: "",
      sources: [],
      ranked: [],
      grounding: null,
      abstained: false,
      avoidedTopic: null,
      version: null,
    });
  });
});

describe("readPreviewLink", () => {
  it("takes the agent and token from the fragment", () => {
    expect(readPreviewLink("#agent=demo&token=pv1.demo.123.abc_-")).toEqual({
      agentId: "demo",
      token: "pv1.demo.123.abc_-",
    });
  });

  it("refuses missing or malformed parts", () => {
    for (const hash of [
      "",
      "#agent=demo",
      "#token=pv1.demo.1.a",
      "#agent=Demo!&token=x",
      "#agent=demo&token=has%20space",
    ])
      expect(readPreviewLink(hash), hash).toBeNull();
  });
});

describe("historyFor", () => {
  const answered = (id: number, question: string, answer: string): Turn => ({
    id,
    question,
    state: "answered",
    result: { ...readPreviewAnswer({}), answer },
  });

  it("sends the answered turns before the question, leaving out failures and empty answers", () => {
    const turns: Turn[] = [
      answered(1, "Hi", "Hello!"),
      { id: 2, question: "lost", state: "failed", code: "network", message: "offline" },
      answered(3, "Close my account", ""),
      { id: 4, question: "Now?", state: "queued" },
    ];
    expect(historyFor(turns, 4)).toEqual([
      { role: "user", text: "Hi" },
      { role: "assistant", text: "Hello!" },
      { role: "user", text: "Close my account" },
    ]);
    expect(historyFor(turns, 1)).toEqual([]);
  });

  it("keeps to the route's window", () => {
    const turns = Array.from({ length: 30 }, (_, i) => answered(i + 1, `q${i + 1}`, `a${i + 1}`));
    const history = historyFor(turns, 31);
    expect(history).toHaveLength(MAX_HISTORY);
    expect(history[history.length - 1]).toEqual({ role: "assistant", text: "a30" });
  });
});
