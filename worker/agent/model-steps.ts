/**
 * A turn's model calls: each one streamed through the `ai` SDK's single-call engine
 * (`experimental_streamLanguageModelCall`: the prompt and the tools prepared for the provider, the
 * model's tool calls parsed and checked against their schemas), the tools it calls run here, and their
 * results sent back for the next call — at most `maxSteps` calls, as `streamText` with a step limit does.
 *
 * Not `streamText` itself: its multi-step engine passes every streamed part through a dozen streams,
 * which under workerd cost about 7 ms of CPU per call and 0.3 ms per part (the bench's `streamText`
 * floor: 8.8 ms a turn of eight parts, 30.5 ms of eighty; the single-call engine 2.0 ms of eight) — a
 * generative answer of 300 tokens paid some 90 ms of CPU for its streaming alone.
 */
import { APICallError, getErrorMessage, type LanguageModelV4, type LanguageModelV4Source } from "@ai-sdk/provider";
import {
  experimental_streamLanguageModelCall as streamModelCall,
  type ModelMessage,
  type ProviderMetadata,
  type ToolResultPart,
  type ToolSet,
} from "ai";

/** What a turn reads of its model calls, in order; a stream error is thrown, an abort ends the steps quietly. */
export type ModelStepPart =
  | { type: "text-delta"; text: string }
  | ({ type: "source" } & LanguageModelV4Source)
  | { type: "tool-call"; toolName: string; input: unknown }
  /** A call ended; its provider's metadata (the offline model's verdict rides here). */
  | { type: "finish-step"; providerMetadata: ProviderMetadata | undefined }
  /** Every call ended: the tokens of all of them. */
  | { type: "finish"; inputTokens: number; outputTokens: number };

export type ModelStepsOptions = {
  model: LanguageModelV4;
  instructions: string;
  messages: ModelMessage[];
  tools: ToolSet;
  maxSteps: number;
  maxOutputTokens: number;
  /** Retries of a call the provider refused with a transient error (429, 5xx), before it streamed. */
  maxRetries: number;
  abortSignal?: AbortSignal;
};

type ToolCall = { toolCallId: string; toolName: string; input: unknown; invalid: boolean; error?: unknown };
type ToolOutput = ToolResultPart["output"];

const RETRY_DELAY_MS = 2_000; // doubled on each retry, unless the provider says when to come back
const MAX_RETRY_AFTER_MS = 60_000; // a longer hint than this is not waited for

export async function* streamModelSteps(options: ModelStepsOptions): AsyncGenerator<ModelStepPart> {
  const { model, tools, abortSignal } = options;
  const messages = [...options.messages];
  let inputTokens = 0;
  let outputTokens = 0;
  for (let step = 1; ; step++) {
    const calls: ToolCall[] = [];
    let text = "";
    try {
      const { stream } = await withRetries(options.maxRetries, abortSignal, () =>
        streamModelCall({
          model,
          instructions: options.instructions,
          messages,
          ...(Object.keys(tools).length ? { tools } : {}),
          maxOutputTokens: options.maxOutputTokens,
          ...(abortSignal ? { abortSignal } : {}),
        }),
      );
      for await (const part of stream) {
        if (part.type === "text-delta") {
          text += part.text;
          if (part.text) yield { type: "text-delta", text: part.text };
        } else if (part.type === "source") yield part;
        else if (part.type === "tool-call") {
          calls.push({ ...part, invalid: part.invalid === true });
          yield { type: "tool-call", toolName: part.toolName, input: part.input };
        } else if (part.type === "model-call-end") {
          inputTokens += part.usage.inputTokens ?? 0;
          outputTokens += part.usage.outputTokens ?? 0;
          yield { type: "finish-step", providerMetadata: part.providerMetadata };
        } else if (part.type === "error") throw part.error;
      }
    } catch (error) {
      if (abortSignal?.aborted) return;
      throw error;
    }
    // The next call only answers tool results: none were asked for, a tool has no code here (a handoff), or the limit.
    const runnable = calls.every((call) => call.invalid || tools[call.toolName]?.execute);
    if (calls.length === 0 || !runnable || step >= options.maxSteps) break;
    const outputs: ToolOutput[] = [];
    for (const call of calls) outputs.push(await runTool(tools, call, messages, abortSignal));
    if (abortSignal?.aborted) return;
    messages.push(
      {
        role: "assistant",
        content: [
          ...(text ? [{ type: "text" as const, text }] : []),
          ...calls.map((call) => ({
            type: "tool-call" as const,
            toolCallId: call.toolCallId,
            toolName: call.toolName,
            input: call.invalid && typeof call.input !== "object" ? {} : call.input,
          })),
        ],
      },
      {
        role: "tool",
        content: calls.map((call, i) => ({
          type: "tool-result" as const,
          toolCallId: call.toolCallId,
          toolName: call.toolName,
          output: outputs[i]!,
        })),
      },
    );
  }
  yield { type: "finish", inputTokens, outputTokens };
}

/** A tool's result as the model reads it: text as text, anything else as JSON, a failure as its message. */
async function runTool(
  tools: ToolSet,
  call: ToolCall,
  messages: ModelMessage[],
  abortSignal: AbortSignal | undefined,
): Promise<ToolOutput> {
  const execute = tools[call.toolName]?.execute;
  if (call.invalid || !execute) return { type: "error-text", value: getErrorMessage(call.error) };
  try {
    const options = {
      toolCallId: call.toolCallId,
      messages,
      context: undefined,
      ...(abortSignal ? { abortSignal } : {}),
    };
    const output: unknown = await execute(call.input, options);
    if (typeof output === "string") return { type: "text", value: output };
    return { type: "json", value: JSON.parse(JSON.stringify(output) ?? "null") }; // a plain JSON value, as the SDK sends it
  } catch (error) {
    return { type: "error-text", value: getErrorMessage(error) };
  }
}

/** `call`, again after a transient provider error (429, 5xx) up to `retries` times, as the provider's hint or backoff says. */
async function withRetries<T>(retries: number, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= retries || signal?.aborted || !APICallError.isInstance(error) || !error.isRetryable) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(error, RETRY_DELAY_MS * 2 ** attempt)));
    }
  }
}

function retryDelayMs(error: APICallError, backoffMs: number): number {
  const headers = error.responseHeaders ?? {};
  const hintMs = Number(headers["retry-after-ms"]);
  if (Number.isFinite(hintMs) && hintMs >= 0 && hintMs < MAX_RETRY_AFTER_MS) return hintMs;
  const hintS = Number(headers["retry-after"]);
  if (Number.isFinite(hintS) && hintS >= 0 && hintS * 1_000 < MAX_RETRY_AFTER_MS) return hintS * 1_000;
  return backoffMs;
}
