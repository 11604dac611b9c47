/**
 * A turn's model calls without `streamText`: text and sources stream through, the tools the model
 * calls run and their results go back for another call up to the step limit, a tool without code (the
 * handoff) ends the steps, bad tool input and failing tools reach the model as errors, a transient
 * provider error is retried once, a stream error is thrown, and an abort ends the steps quietly.
 */
import { APICallError, type LanguageModelV4CallOptions, type LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { tool, zodSchema, type ModelMessage, type ToolSet } from "ai";
import { convertArrayToReadableStream, MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type ModelStepPart, type ModelStepsOptions, streamModelSteps } from "./model-steps";

const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

const finish = (reason: "stop" | "tool-calls", frontdesk?: { grounding: number }): LanguageModelV4StreamPart => ({
  type: "finish",
  finishReason: { unified: reason, raw: reason },
  usage: usage(10, 3),
  ...(frontdesk ? { providerMetadata: { frontdesk } } : {}),
});

const textReply = (...pieces: string[]): LanguageModelV4StreamPart[] => [
  { type: "stream-start", warnings: [] },
  { type: "text-start", id: "t" },
  ...pieces.map((delta): LanguageModelV4StreamPart => ({ type: "text-delta", id: "t", delta })),
  { type: "text-end", id: "t" },
  { type: "source", sourceType: "url", id: "doc-1", url: "https://example.com/refunds", title: "Refunds" },
  finish("stop", { grounding: 0.8 }),
];

const toolCall = (toolName: string, input: object | string, id = "call-1"): LanguageModelV4StreamPart[] => [
  { type: "stream-start", warnings: [] },
  {
    type: "tool-call",
    toolCallId: id,
    toolName,
    input: typeof input === "string" ? input : JSON.stringify(input),
  },
  finish("tool-calls"),
];

/** A model answering its n-th call with `replies[n]` (the last one again after that), recording every call. */
function scripted(replies: (LanguageModelV4StreamPart[] | Error)[]) {
  const calls: LanguageModelV4CallOptions[] = [];
  const model = new MockLanguageModelV4({
    doStream: async (options) => {
      calls.push(options);
      const reply = replies[Math.min(calls.length, replies.length) - 1]!;
      if (reply instanceof Error) throw reply;
      return { stream: convertArrayToReadableStream(reply) };
    },
  });
  return { model, calls };
}

const lookups: string[] = [];
const tools: ToolSet = {
  lookup: tool({
    description: "Looks a property up",
    inputSchema: zodSchema(z.object({ property: z.string().min(1) })),
    execute: async ({ property }: { property: string }) => {
      lookups.push(property);
      return property === "plain" ? "a plain answer" : { status: "ok", value: `${property} value` };
    },
  }),
  broken: tool({
    description: "Always fails",
    inputSchema: zodSchema(z.object({})),
    execute: async (): Promise<string> => {
      throw new Error("the CRM is down");
    },
  }),
  handoff: tool({ description: "To a person", inputSchema: zodSchema(z.object({ reason: z.string() })) }),
};

const question: ModelMessage[] = [{ role: "user", content: "Where do I live?" }];

async function collect(options: Partial<ModelStepsOptions> & Pick<ModelStepsOptions, "model">) {
  const parts: ModelStepPart[] = [];
  for await (const part of streamModelSteps({
    instructions: "Be brief.",
    messages: question,
    tools,
    maxSteps: 3,
    maxOutputTokens: 100,
    maxRetries: 1,
    ...options,
  }))
    parts.push(part);
  return parts;
}

/** The tool results the n-th call of the model was given. */
const toolResults = (call: LanguageModelV4CallOptions | undefined) =>
  (call?.prompt ?? []).flatMap((m) => (m.role === "tool" ? m.content : []));

describe("streamModelSteps", () => {
  it("streams text and sources, then the call's metadata and its tokens", async () => {
    const { model, calls } = scripted([textReply("Refunds take", " five days.")]);
    const parts = await collect({ model });
    expect(parts).toEqual([
      { type: "text-delta", text: "Refunds take" },
      { type: "text-delta", text: " five days." },
      expect.objectContaining({ type: "source", id: "doc-1", url: "https://example.com/refunds" }),
      { type: "finish-step", providerMetadata: { frontdesk: { grounding: 0.8 } } },
      { type: "finish", inputTokens: 10, outputTokens: 3 },
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.prompt[0]).toEqual({ role: "system", content: "Be brief." });
    expect(calls[0]!.maxOutputTokens).toBe(100);
    expect(calls[0]!.tools?.map((t) => t.name).sort()).toEqual(["broken", "handoff", "lookup"]);
  });

  it("runs a tool the model calls and sends its result back for one more call, tokens of both counted", async () => {
    lookups.length = 0;
    const { model, calls } = scripted([toolCall("lookup", { property: "city" }), textReply("You live in Oslo.")]);
    const parts = await collect({ model });
    expect(lookups).toEqual(["city"]);
    expect(parts[0]).toEqual({ type: "tool-call", toolName: "lookup", input: { property: "city" } });
    expect(calls).toHaveLength(2);
    const second = calls[1]!.prompt;
    expect(second.at(-2)).toMatchObject({
      role: "assistant",
      content: [{ type: "tool-call", toolCallId: "call-1", toolName: "lookup", input: { property: "city" } }],
    });
    expect(toolResults(calls[1])).toEqual([
      expect.objectContaining({
        toolCallId: "call-1",
        output: { type: "json", value: { status: "ok", value: "city value" } },
      }),
    ]);
    expect(parts.at(-1)).toEqual({ type: "finish", inputTokens: 20, outputTokens: 6 });
  });

  it("sends a text result as text", async () => {
    const { model, calls } = scripted([toolCall("lookup", { property: "plain" }), textReply("Plain.")]);
    await collect({ model });
    expect(toolResults(calls[1])[0]).toMatchObject({ output: { type: "text", value: "a plain answer" } });
  });

  it("stops at the step limit however often the model calls tools", async () => {
    const { model, calls } = scripted([toolCall("lookup", { property: "city" })]);
    const parts = await collect({ model, maxSteps: 2 });
    expect(calls).toHaveLength(2);
    expect(parts.filter((p) => p.type === "finish-step")).toHaveLength(2);
    expect(parts.at(-1)).toEqual({ type: "finish", inputTokens: 20, outputTokens: 6 });
  });

  it("ends after a call to a tool that has no code here (the handoff), with the call passed on", async () => {
    const { model, calls } = scripted([toolCall("handoff", { reason: "wants a person" }), textReply("never")]);
    const parts = await collect({ model });
    expect(calls).toHaveLength(1);
    expect(parts.map((p) => p.type)).toEqual(["tool-call", "finish-step", "finish"]);
  });

  it("gives the model an error for input its schema refuses, without running the tool", async () => {
    lookups.length = 0;
    const { model, calls } = scripted([toolCall("lookup", { property: "" }), textReply("Sorry.")]);
    await collect({ model });
    expect(lookups).toEqual([]);
    expect(toolResults(calls[1])[0]).toMatchObject({ toolName: "lookup", output: { type: "error-text" } });
  });

  it("tells the model a tool it made up does not exist, and lets it answer", async () => {
    const { model, calls } = scripted([toolCall("delete_everything", {}), textReply("I cannot do that.")]);
    const parts = await collect({ model });
    expect(calls).toHaveLength(2);
    expect(toolResults(calls[1])[0]).toMatchObject({ toolName: "delete_everything", output: { type: "error-text" } });
    expect(parts).toContainEqual({ type: "text-delta", text: "I cannot do that." });
  });

  it("gives the model the message of a tool that throws", async () => {
    const { model, calls } = scripted([toolCall("broken", {}), textReply("The CRM is down.")]);
    await collect({ model });
    expect(toolResults(calls[1])[0]).toMatchObject({ output: { type: "error-text", value: "Error: the CRM is down" } });
  });

  const providerError = (status: number) =>
    new APICallError({
      message: `provider said ${status}`,
      url: "https://api.example.com/v1/chat/completions",
      requestBodyValues: {},
      statusCode: status,
      responseHeaders: { "retry-after-ms": "1" },
      isRetryable: status === 429 || status >= 500,
    });

  it("retries a transient provider error once, then gives up", async () => {
    const once = scripted([providerError(500), textReply("Back.")]);
    expect((await collect({ model: once.model }))[0]).toEqual({ type: "text-delta", text: "Back." });
    expect(once.calls).toHaveLength(2);
    const twice = scripted([providerError(503), providerError(429), textReply("never")]);
    await expect(collect({ model: twice.model })).rejects.toThrow("provider said 429");
    expect(twice.calls).toHaveLength(2);
  });

  it("does not retry a refusal (a wrong key)", async () => {
    const { model, calls } = scripted([providerError(401), textReply("never")]);
    await expect(collect({ model })).rejects.toThrow("provider said 401");
    expect(calls).toHaveLength(1);
  });

  it("throws an error the stream reports", async () => {
    const { model } = scripted([
      [
        { type: "stream-start", warnings: [] },
        { type: "error", error: new Error("cut off") },
      ],
    ]);
    await expect(collect({ model })).rejects.toThrow("cut off");
  });

  it("ends quietly, without its finish, when the turn is aborted", async () => {
    const abort = new AbortController();
    const model = new MockLanguageModelV4({
      doStream: async () => ({
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          start(controller) {
            controller.enqueue({ type: "stream-start", warnings: [] });
            controller.enqueue({ type: "text-start", id: "t" });
            controller.enqueue({ type: "text-delta", id: "t", delta: "Half" });
          },
          // Nothing more comes until the abort, which errors the stream as a provider's aborted fetch does.
          pull: (controller) =>
            new Promise<void>((resolve) => {
              const stop = () => resolve(controller.error(abort.signal.reason));
              if (abort.signal.aborted) stop();
              else abort.signal.addEventListener("abort", stop, { once: true });
            }),
        }),
      }),
    });
    const parts: ModelStepPart[] = [];
    for await (const part of streamModelSteps({
      model,
      instructions: "",
      messages: question,
      tools: {},
      maxSteps: 1,
      maxOutputTokens: 10,
      maxRetries: 0,
      abortSignal: abort.signal,
    })) {
      parts.push(part);
      abort.abort(new Error("the visitor left"));
    }
    expect(parts).toEqual([{ type: "text-delta", text: "Half" }]);
  });
});
