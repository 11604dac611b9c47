/**
 * Citations between their three shapes: a prompt passage, the SDK's `source` stream part, and the
 * protocol's `Source`. Also the middleware that makes models which do not cite (OpenAI) cite the
 * passages our code retrieved and passed them in the prompt.
 */
import type { LanguageModelV4Middleware, LanguageModelV4Source, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { HEADING_SEPARATOR } from "../knowledge/retrieve";
import type { Source } from "../protocol/events";
import { parseKnowledge, type PromptPassage } from "./prompt-format";

const MAX_ATTACHED_SOURCES = 3; // a remote model's answer leans on the top passages; more links only add noise

/**
 * A passage as the SDK's source part: a URL source when it has a URL, a document otherwise. An
 * article section's title is "Article › Heading"; the citation names the article.
 */
export function toSourcePart(passage: PromptPassage): LanguageModelV4Source {
  const title =
    passage.kind === "article" ? (passage.title.split(HEADING_SEPARATOR)[0] ?? passage.title) : passage.title;
  if (passage.url) return { type: "source", sourceType: "url", id: passage.id, url: passage.url, title };
  return { type: "source", sourceType: "document", id: passage.id, mediaType: "text/markdown", title };
}

/** The SDK's source part as the protocol's `Source`. */
export function toProtocolSource(part: LanguageModelV4Source): Source {
  if (part.sourceType === "url") return { id: part.id, title: part.title ?? part.url, url: part.url };
  return { id: part.id, title: part.title };
}

/** The distinct sources of the passages in a system prompt, best first (one per source id). */
export function promptSources(system: string, max = MAX_ATTACHED_SOURCES): LanguageModelV4Source[] {
  const seen = new Set<string>();
  const out: LanguageModelV4Source[] = [];
  for (const passage of parseKnowledge(system)) {
    if (!passage.citable || seen.has(passage.id) || out.length >= max) continue;
    seen.add(passage.id);
    out.push(toSourcePart(passage));
  }
  return out;
}

/**
 * For models that do not emit sources themselves: after the text, emit source parts for the top
 * passages quoted in the system prompt (only when the model produced text at all).
 */
export const citePromptPassages: LanguageModelV4Middleware = {
  specificationVersion: "v4",
  wrapStream: async ({ doStream, params }) => {
    const result = await doStream();
    const system = params.prompt.flatMap((m) => (m.role === "system" ? [m.content] : [])).join("\n");
    const sources = promptSources(system);
    let wroteText = false;
    const stream = result.stream.pipeThrough(
      new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
        transform(part, controller) {
          if (part.type === "text-delta" && part.delta.trim()) wroteText = true;
          if (part.type === "finish" && wroteText) for (const source of sources) controller.enqueue(source);
          controller.enqueue(part);
        },
      }),
    );
    return { ...result, stream };
  },
};
