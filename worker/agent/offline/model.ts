/**
 * The built-in offline model: a real `LanguageModelV4` that reads the knowledge passages back out
 * of its own system prompt, answers extractively (see answer.ts) and streams word by word, with
 * citations as `source` parts and its grounding decision as provider metadata on the finish part.
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from "@ai-sdk/provider";
import { words } from "../../knowledge/text";
import { parseDirectives } from "../prompt-directives";
import { parseKnowledge } from "../prompt-format";
import { toSourcePart } from "../sources";
import { composeAnswer, type OfflineAnswer } from "./answer";

export const OFFLINE_PROVIDER = "frontdesk";
export const OFFLINE_MODEL_ID = "offline";
const TEXT_ID = "answer"; // the single text block of every offline response
const FINISH_STOP: LanguageModelV4FinishReason = { unified: "stop", raw: "stop" };

/** Provider metadata on the finish part: how grounded the answer is and whether the model abstained. */
export type FrontdeskMetadata = { grounding: number; abstained: boolean };

export class OfflineModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider = OFFLINE_PROVIDER;
  readonly modelId = OFFLINE_MODEL_ID;
  readonly supportedUrls: Record<string, RegExp[]> = {};

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { answer, usage } = respond(options.prompt);
    const content: LanguageModelV4Content[] = [{ type: "text", text: answer.text }, ...answer.citations.map(toSourcePart)];
    return {
      content,
      finishReason: FINISH_STOP,
      usage,
      providerMetadata: metadata(answer),
      warnings: warningsFor(options),
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { answer, usage } = respond(options.prompt);
    const parts: LanguageModelV4StreamPart[] = [
      { type: "stream-start", warnings: warningsFor(options) },
      { type: "response-metadata", modelId: OFFLINE_MODEL_ID },
      { type: "text-start", id: TEXT_ID },
      ...wordChunks(answer.text).map((delta): LanguageModelV4StreamPart => ({ type: "text-delta", id: TEXT_ID, delta })),
      { type: "text-end", id: TEXT_ID },
      ...answer.citations.map(toSourcePart),
      { type: "finish", finishReason: FINISH_STOP, usage, providerMetadata: metadata(answer) },
    ];
    const signal = options.abortSignal;
    let next = 0;
    // One part per pull: the consumer's pace drives the stream, and an abort stops it between words.
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      pull(controller) {
        if (signal?.aborted) return controller.error(signal.reason);
        const part = parts[next++];
        if (part) controller.enqueue(part);
        else controller.close();
      },
    });
    return { stream };
  }
}

/** The answer to the prompt's last user message from the passages in its system messages. */
function respond(prompt: LanguageModelV4Prompt): { answer: OfflineAnswer; usage: LanguageModelV4Usage } {
  const system = prompt.flatMap((m) => (m.role === "system" ? [m.content] : [])).join("\n");
  const lastUser = prompt.findLast((m) => m.role === "user");
  // Consecutive visitor messages (some left for a person to answer) arrive merged into one user
  // message; the question this turn answers is its last part.
  const question = lastUser?.role === "user" ? (lastUser.content.findLast((p) => p.type === "text")?.text ?? "") : "";
  const answer = composeAnswer(question, parseKnowledge(system), parseDirectives(system));
  // Token counts are word counts: the offline model has no tokenizer, and nothing is billed.
  const inputWords = prompt.reduce((sum, m) => sum + words(typeof m.content === "string" ? m.content : JSON.stringify(m.content)).length, 0);
  const outputWords = wordChunks(answer.text).length;
  const usage: LanguageModelV4Usage = {
    inputTokens: { total: inputWords, noCache: inputWords, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: outputWords, text: outputWords, reasoning: 0 },
  };
  return { answer, usage };
}

/** `text` in word-sized pieces, each with the whitespace before it; they join back to `text`. */
export function wordChunks(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

function metadata(answer: OfflineAnswer): SharedV4ProviderMetadata {
  const frontdesk: FrontdeskMetadata = { grounding: answer.grounding, abstained: answer.abstained };
  return { frontdesk };
}

function warningsFor(options: LanguageModelV4CallOptions): SharedV4Warning[] {
  const warnings: SharedV4Warning[] = [];
  if (options.tools?.length) warnings.push({ type: "unsupported", feature: "tools", details: "The offline model answers from knowledge only." });
  if (options.responseFormat?.type === "json") warnings.push({ type: "unsupported", feature: "responseFormat", details: "The offline model writes text." });
  return warnings;
}
