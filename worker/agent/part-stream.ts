/**
 * A model's stream of parts as the built-in models (offline, scripted) give it: one part per pull, so the
 * consumer's pace drives the stream, and an abort stops it between parts.
 */
import type { LanguageModelV4StreamPart } from "@ai-sdk/provider";

export function partStream(
  parts: readonly LanguageModelV4StreamPart[],
  signal: AbortSignal | undefined,
): ReadableStream<LanguageModelV4StreamPart> {
  let next = 0;
  return new ReadableStream<LanguageModelV4StreamPart>({
    pull(controller) {
      if (signal?.aborted) return controller.error(signal.reason);
      const part = parts[next++];
      if (part) controller.enqueue(part);
      else controller.close();
    },
  });
}
