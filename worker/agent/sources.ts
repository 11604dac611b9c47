/**
 * Citations between their shapes: a passage, the SDK's `source` stream part, and the protocol's
 * `Source`; and what a model that does not cite is credited with (`passageSources`).
 */
import type { LanguageModelV4Source } from "@ai-sdk/provider";
import { HEADING_SEPARATOR, type Passage } from "../knowledge/retrieve";
import type { Source } from "../protocol/events";
import type { PromptPassage } from "./prompt-format";

const MAX_ATTACHED_SOURCES = 3; // a remote model's answer leans on the top passages; more links only add noise

/**
 * A passage as the SDK's source part: a URL source when it has a URL, a document otherwise. An
 * article section's title is "Article › Heading"; the citation names the article.
 */
export function toSourcePart(passage: Pick<PromptPassage, "id" | "kind" | "title" | "url">): LanguageModelV4Source {
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

/**
 * What a model that does not cite (OpenAI) is credited with once it has written an answer: the
 * distinct citable sources among the passages its prompt quoted, best first. Taken from the turn's
 * passages, so no stream is wrapped and the prompt is never read back.
 */
export function passageSources(passages: readonly Passage[], max = MAX_ATTACHED_SOURCES): Source[] {
  const seen = new Set<string>();
  const out: Source[] = [];
  for (const passage of passages) {
    if (!passage.citable || seen.has(passage.sourceId) || out.length >= max) continue;
    seen.add(passage.sourceId);
    const { sourceId: id, kind, title, url } = passage;
    out.push(toProtocolSource(toSourcePart({ id, kind, title, ...(url ? { url } : {}) })));
  }
  return out;
}
