/**
 * Embedders turn chunk and question text into unit vectors. Three kinds, one interface: the
 * built-in offline embedder (no keys, deterministic), OpenAI embeddings (or any compatible
 * server) when a key is configured, and Workers AI when an `AI` binding is configured and chosen.
 * Each has an id that names its vector space: vectors of different ids never mix.
 */
import { embedMany } from "ai";
import { DEFAULT_OPENAI_BASE_URL, importOpenAI } from "../../agent/select-model";
import { isStopword } from "../text";
import { embedOffline, OFFLINE_DIMENSIONS, OFFLINE_EMBEDDER_ID } from "./embedder";

export type Embedder = {
  /** Names the vector space: `offline-hash-v1`, `openai:text-embedding-3-small`, `workers-ai:@cf/baai/bge-m3`. */
  id: string;
  embed(texts: string[]): Promise<Float32Array[]>;
};

export const DEFAULT_OPENAI_EMBEDDING_MODEL = "text-embedding-3-small";
export const DEFAULT_WORKERS_AI_EMBEDDING_MODEL = "@cf/baai/bge-m3"; // multilingual, like the help centers it reads
const EMBED_RETRIES = 2; // a blip is retried; a wrong key fails the document with the reason

type EmbedderEnv = Pick<Env, "OPENAI_API_KEY" | "OPENAI_BASE_URL"> & {
  /** `offline`, `openai` or `workers-ai`; empty: OpenAI when a key is set, offline otherwise. */
  FRONTDESK_EMBEDDER?: string;
  FRONTDESK_EMBEDDING_MODEL?: string;
  AI?: { run(model: string, input: { text: string[] }): Promise<unknown> };
};

export const offlineEmbedder: Embedder = {
  id: OFFLINE_EMBEDDER_ID,
  embed: async (texts) => texts.map((text) => embedOffline(text, isStopword)),
};

/** Scales a vector to unit length (providers mostly do; the index's cosine needs it either way). */
export function normalise(values: ArrayLike<number>): Float32Array {
  const vector = Float32Array.from(values);
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}

function openAIEmbedder(env: EmbedderEnv, apiKey: string): Embedder {
  const model = env.FRONTDESK_EMBEDDING_MODEL?.trim() || DEFAULT_OPENAI_EMBEDDING_MODEL;
  return {
    id: `openai:${model}`,
    async embed(texts) {
      if (texts.length === 0) return [];
      const { createOpenAI } = await importOpenAI();
      const openai = createOpenAI({ apiKey, baseURL: env.OPENAI_BASE_URL?.trim() || DEFAULT_OPENAI_BASE_URL });
      const { embeddings } = await embedMany({ model: openai.embedding(model), values: texts, maxRetries: EMBED_RETRIES });
      return embeddings.map(normalise);
    },
  };
}

function workersAIEmbedder(env: EmbedderEnv, ai: NonNullable<EmbedderEnv["AI"]>): Embedder {
  const model = env.FRONTDESK_EMBEDDING_MODEL?.trim() || DEFAULT_WORKERS_AI_EMBEDDING_MODEL;
  return {
    id: `workers-ai:${model}`,
    async embed(texts) {
      if (texts.length === 0) return [];
      const result = (await ai.run(model, { text: texts })) as { data?: number[][] };
      if (!Array.isArray(result.data) || result.data.length !== texts.length) throw new Error(`Workers AI returned no embeddings for ${model}`);
      return result.data.map(normalise);
    },
  };
}

/** The embedder this deployment is configured for. */
export function selectEmbedder(env: EmbedderEnv): Embedder {
  const choice = env.FRONTDESK_EMBEDDER?.trim().toLowerCase() || "";
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (choice === "offline") return offlineEmbedder;
  if (choice === "workers-ai") {
    if (!env.AI) throw new Error("FRONTDESK_EMBEDDER is workers-ai but there is no AI binding");
    return workersAIEmbedder(env, env.AI);
  }
  if (choice === "openai" && !apiKey) throw new Error("FRONTDESK_EMBEDDER is openai but OPENAI_API_KEY is not set");
  return apiKey ? openAIEmbedder(env, apiKey) : offlineEmbedder;
}

export { OFFLINE_DIMENSIONS };
