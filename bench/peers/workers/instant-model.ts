/**
 * The in-process instant model of the peers: the `ai` SDK's MockLanguageModelV4 (from `ai/test`)
 * streaming INSTANT_ANSWER_CHUNKS at once. A fresh mock per turn: a mock records every call it gets.
 */
import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { convertArrayToReadableStream, MockLanguageModelV4 } from "ai/test";
import { INSTANT_ANSWER_CHUNKS } from "./instant-answer";

const TEXT_ID = "t0";

function parts(): LanguageModelV4StreamPart[] {
  return [
    { type: "stream-start", warnings: [] },
    { type: "text-start", id: TEXT_ID },
    ...INSTANT_ANSWER_CHUNKS.map((delta): LanguageModelV4StreamPart => ({ type: "text-delta", id: TEXT_ID, delta })),
    { type: "text-end", id: TEXT_ID },
    {
      type: "finish",
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: INSTANT_ANSWER_CHUNKS.length, text: INSTANT_ANSWER_CHUNKS.length, reasoning: 0 },
      },
    },
  ];
}

export function instantModel(): MockLanguageModelV4 {
  return new MockLanguageModelV4({ doStream: async () => ({ stream: convertArrayToReadableStream(parts()) }) });
}
