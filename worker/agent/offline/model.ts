/**
 * The built-in offline model: a real `LanguageModelV4` that reads the knowledge passages back out
 * of its own system prompt, answers extractively (see answer.ts) and streams it in pieces of whole words, with
 * citations as `source` parts and its grounding decision as provider metadata on the finish part.
 * Questions about contact data become calls of the CRM tools (crm.ts), and their results replies.
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
  LanguageModelV4ToolCall,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from "@ai-sdk/provider";
import { countWords } from "../../knowledge/text";
import { parseDirectives } from "../prompt-directives";
import { parseKnowledge } from "../prompt-format";
import { toSourcePart } from "../sources";
import { partStream } from "../part-stream";
import { CRM_TOOLS, LOOKUP_TOOL } from "../crm-tools";
import type { CrmToolResult } from "../../crm/session";
import { composeAnswer, type OfflineAnswer } from "./answer";
import { crmIntent, crmReply } from "./crm";

export const OFFLINE_PROVIDER = "frontdesk";
export const OFFLINE_MODEL_ID = "offline";
const TEXT_ID = "answer"; // the single text block of every offline response
const FINISH_STOP: LanguageModelV4FinishReason = { unified: "stop", raw: "stop" };
const FINISH_TOOL_CALLS: LanguageModelV4FinishReason = { unified: "tool-calls", raw: "tool_calls" };
const TOOL_CALL_ID = "crm"; // one tool call per step, so one id is enough
/**
 * Streamed pieces are whole words of at least this many characters (the last may be shorter), about
 * a line of the chat panel. The answer is written all at once and the conversation gathers deltas
 * for 25 ms anyway (durable-objects/conversation/delta-batcher.ts), so the visitor sees no
 * difference; a piece per word would only add per-delta work in the SDK, the output guard and the batcher.
 */
export const MIN_DELTA_CHARS = 64;

/** Provider metadata on the finish part: how grounded the answer is and whether the model abstained. */
export type FrontdeskMetadata = { grounding: number; abstained: boolean };

export class OfflineModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider = OFFLINE_PROVIDER;
  readonly modelId = OFFLINE_MODEL_ID;
  readonly supportedUrls: Record<string, RegExp[]> = {};

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { answer, toolCall, usage } = respond(options);
    const content: LanguageModelV4Content[] = toolCall
      ? [toolCall]
      : [{ type: "text", text: answer.text }, ...answer.citations.map(toSourcePart)];
    return {
      content,
      finishReason: toolCall ? FINISH_TOOL_CALLS : FINISH_STOP,
      usage,
      providerMetadata: metadata(answer),
      warnings: warningsFor(options),
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { answer, toolCall, usage } = respond(options);
    const body: LanguageModelV4StreamPart[] = toolCall
      ? [toolCall]
      : [
          { type: "text-start", id: TEXT_ID },
          ...textChunks(answer.text).map(
            (delta): LanguageModelV4StreamPart => ({ type: "text-delta", id: TEXT_ID, delta }),
          ),
          { type: "text-end", id: TEXT_ID },
          ...answer.citations.map(toSourcePart),
        ];
    const parts: LanguageModelV4StreamPart[] = [
      { type: "stream-start", warnings: warningsFor(options) },
      { type: "response-metadata", modelId: OFFLINE_MODEL_ID },
      ...body,
      {
        type: "finish",
        finishReason: toolCall ? FINISH_TOOL_CALLS : FINISH_STOP,
        usage,
        providerMetadata: metadata(answer),
      },
    ];
    return { stream: partStream(parts, options.abortSignal) };
  }
}

type OfflineResponse = { answer: OfflineAnswer; toolCall: LanguageModelV4ToolCall | null; usage: LanguageModelV4Usage };

function textOf(message: LanguageModelV4Prompt[number] | undefined): string {
  if (!message || (message.role !== "user" && message.role !== "assistant")) return "";
  const part = (message.content as readonly { type: string; text?: string }[]).findLast((p) => p.type === "text");
  return part?.text ?? "";
}

/** A CRM tool's result when the prompt ends with one (the step after the model called the tool). */
function crmToolResult(prompt: LanguageModelV4Prompt): CrmToolResult | null {
  const last = prompt.at(-1);
  if (last?.role !== "tool") return null;
  const part = last.content.findLast(
    (p) => p.type === "tool-result" && (CRM_TOOLS as readonly string[]).includes(p.toolName),
  );
  if (part?.type !== "tool-result" || part.output.type !== "json") return null;
  const value = part.output.value as { status?: unknown } | null;
  return value && typeof value.status === "string" ? (value as CrmToolResult) : null;
}

/**
 * The answer to the prompt's last user message from the passages in its system messages — or,
 * for a message about contact data, a CRM tool call, and after it the reply to the tool's result.
 */
function respond(options: LanguageModelV4CallOptions): OfflineResponse {
  const { prompt } = options;
  const system = prompt.flatMap((m) => (m.role === "system" ? [m.content] : [])).join("\n");
  const lastUserAt = prompt.findLastIndex((m) => m.role === "user");
  // Consecutive visitor messages (some left for a person to answer) arrive merged into one user
  // message; the question this turn answers is its last part.
  const question = textOf(prompt[lastUserAt]);
  const directives = parseDirectives(system);
  const crmResult = crmToolResult(prompt);
  const canUseCrm = directives.crm.length > 0 && (options.tools ?? []).some((t) => t.name === LOOKUP_TOOL);
  const intent =
    !crmResult && canUseCrm
      ? crmIntent(
          question,
          textOf(prompt.slice(0, lastUserAt).findLast((m) => m.role === "assistant")),
          directives.crm,
          directives.language,
        )
      : null;
  const toolCall: LanguageModelV4ToolCall | null =
    intent && "tool" in intent
      ? { type: "tool-call", toolCallId: TOOL_CALL_ID, toolName: intent.tool, input: JSON.stringify(intent.input) }
      : null;
  // Contact data is answered from the CRM (or a question about it), not from knowledge.
  const reply = toolCall
    ? ""
    : crmResult
      ? crmReply(crmResult, directives.language)
      : intent && "ask" in intent
        ? intent.ask
        : null;
  const answer =
    reply !== null
      ? { text: reply, citations: [], grounding: 1, abstained: false }
      : composeAnswer(question, parseKnowledge(system), directives);
  // Token counts are word counts: the offline model has no tokenizer, and nothing is billed.
  const inputWords = prompt.reduce(
    (sum, m) => sum + countWords(typeof m.content === "string" ? m.content : JSON.stringify(m.content)),
    0,
  );
  const outputWords = toolCall ? 0 : wordChunks(answer.text).length;
  const usage: LanguageModelV4Usage = {
    inputTokens: { total: inputWords, noCache: inputWords, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: outputWords, text: outputWords, reasoning: 0 },
  };
  return { answer, toolCall, usage };
}

/** `text` in word-sized pieces, each with the whitespace before it; they join back to `text`. */
export function wordChunks(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

/** `text` in pieces of whole words (`wordChunks` gathered up to MIN_DELTA_CHARS); they join back to `text`. */
export function textChunks(text: string): string[] {
  const pieces: string[] = [];
  let piece = "";
  for (const word of wordChunks(text)) {
    piece += word;
    if (piece.length < MIN_DELTA_CHARS) continue;
    pieces.push(piece);
    piece = "";
  }
  if (piece) pieces.push(piece);
  return pieces;
}

function metadata(answer: OfflineAnswer): SharedV4ProviderMetadata {
  const frontdesk: FrontdeskMetadata = { grounding: answer.grounding, abstained: answer.abstained };
  return { frontdesk };
}

function warningsFor(options: LanguageModelV4CallOptions): SharedV4Warning[] {
  const warnings: SharedV4Warning[] = [];
  const other = (options.tools ?? []).filter((t) => !(CRM_TOOLS as readonly string[]).includes(t.name));
  if (other.length)
    warnings.push({ type: "unsupported", feature: "tools", details: "The offline model calls only the CRM tools." });
  if (options.responseFormat?.type === "json")
    warnings.push({ type: "unsupported", feature: "responseFormat", details: "The offline model writes text." });
  return warnings;
}
