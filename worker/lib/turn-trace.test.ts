import { afterEach, describe, expect, it, vi } from "vitest";
import { TRACE_PREFIX, TurnTrace } from "./turn-trace";

describe("TurnTrace", () => {
  afterEach(() => vi.restoreAllMocks());

  it("adds up a span that repeats and keeps the first time a mark is reached", async () => {
    const trace = new TurnTrace();
    trace.add("delta_writes", 2);
    trace.time("delta_writes", () => undefined);
    trace.add("delta_writes", 3);
    expect(await trace.wait("retrieval", async () => 7)).toBe(7);
    trace.mark("first_delta");
    const first = trace.record("c1").marks.first_delta!;
    trace.mark("first_delta");
    const record = trace.record("c1");
    expect(record.spans.delta_writes).toBeGreaterThanOrEqual(5);
    expect(record.spans.retrieval).toBeGreaterThanOrEqual(0);
    expect(record.marks.first_delta).toBe(first);
  });

  it("times work that throws, and rethrows", () => {
    const trace = new TurnTrace();
    expect(() =>
      trace.time("guard", () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(trace.record("c1").spans.guard).toBeGreaterThanOrEqual(0);
  });

  it("prints one line only when the deployment asks for traces", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const trace = new TurnTrace();
    trace.add("agent_read", 4);
    trace.report({ TRACE_TURNS: "" }, "c1");
    trace.report({}, "c1");
    expect(log).not.toHaveBeenCalled();
    trace.report({ TRACE_TURNS: "true" }, "c1", 7);
    expect(log).toHaveBeenCalledTimes(1);
    const line = String(log.mock.calls[0]![0]);
    expect(line.startsWith(TRACE_PREFIX)).toBe(true);
    expect(JSON.parse(line.slice(TRACE_PREFIX.length))).toEqual({
      conversationId: "c1",
      messageSeq: 7,
      at: trace.record("c1").at,
      spans: { agent_read: 4 },
      marks: {},
    });
  });
});
