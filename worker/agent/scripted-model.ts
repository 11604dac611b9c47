/**
 * The scripted model (`FRONTDESK_MODEL = "scripted"`): answers every turn with one fixed reply
 * (`FRONTDESK_SCRIPTED_REPLY`), streamed at once in word-sized pieces, calling no provider and reading
 * nothing of its prompt. Its turns take the generative path — tools offered, the prompt built, the
 * answer credited to the turn's passages and checked by the output guard — so a load test of a
 * deployment measures Frontdesk's own cost around a model without paying for one, and the benchmark
 * streams exactly what the peers' in-process mock streams (bench/peers/workers/instant-answer.ts).
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { wordChunks } from "./offline/model";
import { partStream } from "./part-stream";

export const SCRIPTED_MODEL_NAME = "scripted"; // the FRONTDESK_MODEL value that selects it
export const SCRIPTED_PROVIDER = "frontdesk-scripted";
export const DEFAULT_SCRIPTED_REPLY = "This is the scripted model's reply: no model was called.";
const TEXT_ID = "scripted";
const FINISH_STOP: LanguageModelV4FinishReason = { unified: "stop", raw: "stop" };

export class ScriptedModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider = SCRIPTED_PROVIDER;
  readonly modelId = SCRIPTED_MODEL_NAME;
  readonly supportedUrls: Record<string, RegExp[]> = {};
  private readonly pieces: readonly string[];
  private readonly usage: LanguageModelV4Usage;

  /** `reply` blank means DEFAULT_SCRIPTED_REPLY. */
  constructor(reply?: string) {
    const text = reply?.trim() ? reply : DEFAULT_SCRIPTED_REPLY;
    this.pieces = wordChunks(text);
    // Token counts are word counts, as the offline model's: nothing is read or billed.
    const words = this.pieces.length;
    this.usage = {
      inputTokens: { total: 0, noCache: 0, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: words, text: words, reasoning: 0 },
    };
  }

  async doGenerate(_options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    return {
      content: [{ type: "text", text: this.pieces.join("") }],
      finishReason: FINISH_STOP,
      usage: this.usage,
      warnings: [],
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const parts: LanguageModelV4StreamPart[] = [
      { type: "stream-start", warnings: [] },
      { type: "response-metadata", modelId: SCRIPTED_MODEL_NAME },
      { type: "text-start", id: TEXT_ID },
      ...this.pieces.map((delta): LanguageModelV4StreamPart => ({ type: "text-delta", id: TEXT_ID, delta })),
      { type: "text-end", id: TEXT_ID },
      { type: "finish", finishReason: FINISH_STOP, usage: this.usage },
    ];
    return { stream: partStream(parts, options.abortSignal) };
  }
}
