/**
 * A tool the model calls before the conversation's row is written waits for it: it runs once the
 * gate opens, never when the gate fails, and keeps its parameters (the schema built once per isolate).
 */
import { tool, type ToolExecutionOptions, type ToolSet } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { gatedTools } from "./gated-tools";

const OPTIONS: ToolExecutionOptions<unknown> = { toolCallId: "call_1", messages: [], context: undefined };

/** A gate the test opens or fails, and a tool set whose one tool counts its runs. */
function setUp() {
  let open = () => {};
  let fail = (_error: Error) => {};
  const gate = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  const runs: string[] = [];
  const tools: ToolSet = {
    lookup: tool({
      description: "Looks a property up",
      inputSchema: z.object({ property: z.string() }),
      execute: async ({ property }) => {
        runs.push(property);
        return { status: "ok", property };
      },
    }),
  };
  return { gate, open, fail, runs, tools };
}

/** Lets every callback already queued run (the gate's waiters included), with no timer. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe("gated tools", () => {
  it("run a call only once the gate opens", async () => {
    const { gate, open, runs, tools } = setUp();
    const gated = gatedTools(tools, gate);
    const result = gated.lookup!.execute!({ property: "plan" }, OPTIONS);
    await settle();
    expect(runs).toEqual([]);
    open();
    await expect(result).resolves.toEqual({ status: "ok", property: "plan" });
    expect(runs).toEqual(["plan"]);
  });

  it("never run a call when the gate fails; the call fails with the gate's error", async () => {
    const { gate, fail, runs, tools } = setUp();
    const gated = gatedTools(tools, gate);
    const result = gated.lookup!.execute!({ property: "plan" }, OPTIONS);
    fail(new Error("row write failed"));
    await expect(result).rejects.toThrow("row write failed");
    expect(runs).toEqual([]);
  });

  it("keep each tool's parameters and description; without a gate the tools are returned as they are", () => {
    const { gate, tools } = setUp();
    gate.catch(() => {});
    const gated = gatedTools(tools, gate);
    expect(gated.lookup!.inputSchema).toBe(tools.lookup!.inputSchema);
    expect(gated.lookup!.description).toBe(tools.lookup!.description);
    expect(gatedTools(tools, undefined)).toBe(tools);
  });
});
