/**
 * Embedders turn chunk and question text into unit vectors, and this module is the one place
 * that chooses them. Three kinds, one interface: the built-in offline embedder (no keys,
 * deterministic), OpenAI embeddings (or any compatible server) when a key is configured, and
 * Workers AI when an `AI` binding is configured and chosen. An id names a vector space —
 * provider, model and dimensions — and vectors of different ids never mix.
 */
import { embedMany } from "ai";
import { DEFAULT_OPENAI_BASE_URL, importOpenAI } from "../../lib/openai-loader";
import { isStopword } from "../text";
import { embedOffline, OFFLINE_DIMENSIONS, OFFLINE_EMBEDDER_ID } from "./embedder";

export type Embedder = {
  /** `provider:model:dimensions`, e.g. `openai:text-embedding-3-small:1536`. */
  id: string;
  dimensions: number;
  /** One vector per text, in order; throws `EmbeddingError` with the provider's reason. */
  embed(texts: string[]): Promise<Float32Array[]>;
};

export type EmbedderEnv = Pick<Env, "OPENAI_API_KEY" | "OPENAI_BASE_URL"> & {
  /** `offline`, `openai` or `workers-ai`; empty: OpenAI when a key is set, offline otherwise. */
  FRONTDESK_EMBEDDER?: string;
  FRONTDESK_EMBEDDING_MODEL?: string;
  /** Needed for models this module does not know; text-embedding-3 models can also be shortened. */
  FRONTDESK_EMBEDDING_DIMENSIONS?: string;
  AI?: { run(model: string, input: { text: string[] }): Promise<unknown> };
};

/** An embedding provider failed or answered something unusable; the message says which and why. */
export class EmbeddingError extends Error {
  override name = "EmbeddingError";
}

export const DEFAULT_OPENAI_EMBEDDING_MODEL = "text-embedding-3-small";
export const DEFAULT_WORKERS_AI_EMBEDDING_MODEL = "@cf/baai/bge-m3"; // multilingual, like the help centers it reads
/** Vector sizes of the models a user is likely to pick; others need FRONTDESK_EMBEDDING_DIMENSIONS. */
const KNOWN_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
  "@cf/baai/bge-m3": 1024,
  "@cf/baai/bge-small-en-v1.5": 384,
  "@cf/baai/bge-base-en-v1.5": 768,
  "@cf/baai/bge-large-en-v1.5": 1024,
};
/** Only these models accept a `dimensions` request (shortened vectors); others must match their size. */
const SHORTENABLE = /^text-embedding-3-/;
const EMBED_RETRIES = 2; // a blip (429, 5xx) is retried; a wrong key fails the document with the reason
const EMBED_TIMEOUT_MS = 60_000; // a whole batch, retries included: beyond this the provider is treated as down
const MAX_PARALLEL_CALLS = 4; // a long document is split into calls; a few at a time stays under rate limits

/** The offline embedder's id before ids named dimensions: same vectors, so its indexes stay searchable while they move. */
const LEGACY_OFFLINE_ID = "offline-hash-v1";

const MEMO_QUESTIONS = 256; // a turn's question is embedded by each search of it (and the calibration's probes come back)
const MEMO_CHARS = 1_000; // a question, not a chunk being ingested (each is embedded once): only short texts are kept
const offlineMemo = new Map<string, Float32Array>();

/** The offline vector of `text`, computed once per isolate for a short text (vectors are read, never written). */
function embedRemembered(text: string): Float32Array {
  if (text.length > MEMO_CHARS) return embedOffline(text, isStopword);
  let vector = offlineMemo.get(text);
  if (!vector) {
    if (offlineMemo.size >= MEMO_QUESTIONS) offlineMemo.clear();
    vector = embedOffline(text, isStopword);
    offlineMemo.set(text, vector);
  }
  return vector;
}

export const offlineEmbedder: Embedder = {
  id: OFFLINE_EMBEDDER_ID,
  dimensions: OFFLINE_DIMENSIONS,
  embed: async (texts) => texts.map(embedRemembered),
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

function dimensionsOf(env: EmbedderEnv, model: string): number {
  const configured = Number.parseInt(env.FRONTDESK_EMBEDDING_DIMENSIONS?.trim() ?? "", 10);
  if (Number.isInteger(configured) && configured > 0) return configured;
  const known = KNOWN_DIMENSIONS[model];
  if (!known)
    throw new EmbeddingError(
      `The vector size of embedding model ${model} is unknown: set FRONTDESK_EMBEDDING_DIMENSIONS`,
    );
  return known;
}

/** Checks what a provider returned and makes unit vectors of it. */
function accept(id: string, dimensions: number, count: number, vectors: ArrayLike<number>[]): Float32Array[] {
  if (vectors.length !== count)
    throw new EmbeddingError(`${id} returned ${vectors.length} embeddings for ${count} texts`);
  const wrong = vectors.find((v) => v.length !== dimensions);
  if (wrong) throw new EmbeddingError(`${id} returned ${wrong.length}-dimensional vectors, expected ${dimensions}`);
  return vectors.map(normalise);
}

/** Runs a provider call with the time limit, turning its failures into one clear error. */
async function guarded<T>(id: string, timeoutMs: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return await call(signal);
  } catch (error) {
    if (error instanceof EmbeddingError) throw error;
    if (signal.aborted) throw new EmbeddingError(`${id} did not answer within ${timeoutMs / 1000} s`);
    throw new EmbeddingError(`${id} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function openAIEmbedder(
  env: EmbedderEnv,
  apiKey: string,
  model: string,
  dimensions: number,
  timeoutMs: number,
): Embedder {
  const id = `openai:${model}:${dimensions}`;
  const shorten = SHORTENABLE.test(model) && KNOWN_DIMENSIONS[model] !== dimensions;
  return {
    id,
    dimensions,
    async embed(texts) {
      if (texts.length === 0) return [];
      const { createOpenAI } = await importOpenAI();
      const openai = createOpenAI({ apiKey, baseURL: env.OPENAI_BASE_URL?.trim() || DEFAULT_OPENAI_BASE_URL });
      const { embeddings } = await guarded(id, timeoutMs, (abortSignal) =>
        embedMany({
          model: openai.embedding(model),
          values: texts,
          maxRetries: EMBED_RETRIES,
          maxParallelCalls: MAX_PARALLEL_CALLS,
          abortSignal,
          ...(shorten ? { dimensions } : {}),
        }),
      );
      return accept(id, dimensions, texts.length, embeddings);
    },
  };
}

function workersAIEmbedder(
  ai: NonNullable<EmbedderEnv["AI"]>,
  model: string,
  dimensions: number,
  timeoutMs: number,
): Embedder {
  const id = `workers-ai:${model}:${dimensions}`;
  return {
    id,
    dimensions,
    async embed(texts) {
      if (texts.length === 0) return [];
      const result = (await guarded(id, timeoutMs, () => ai.run(model, { text: texts }))) as { data?: number[][] };
      return accept(id, dimensions, texts.length, Array.isArray(result.data) ? result.data : []);
    },
  };
}

export type EmbedderOptions = { timeoutMs?: number };

/** The embedder this deployment is configured for; throws `EmbeddingError` when it is misconfigured. */
export function selectEmbedder(env: EmbedderEnv, options: EmbedderOptions = {}): Embedder {
  const choice = env.FRONTDESK_EMBEDDER?.trim().toLowerCase() || "";
  const apiKey = env.OPENAI_API_KEY?.trim();
  const timeoutMs = options.timeoutMs ?? EMBED_TIMEOUT_MS;
  const modelOr = (fallback: string) => env.FRONTDESK_EMBEDDING_MODEL?.trim() || fallback;
  if (choice === "offline") return offlineEmbedder;
  if (choice === "workers-ai") {
    if (!env.AI) throw new EmbeddingError("FRONTDESK_EMBEDDER is workers-ai but there is no AI binding");
    const model = modelOr(DEFAULT_WORKERS_AI_EMBEDDING_MODEL);
    return workersAIEmbedder(env.AI, model, dimensionsOf(env, model), timeoutMs);
  }
  if (choice !== "" && choice !== "openai")
    throw new EmbeddingError(`FRONTDESK_EMBEDDER must be offline, openai or workers-ai, not ${choice}`);
  if (choice === "openai" && !apiKey)
    throw new EmbeddingError("FRONTDESK_EMBEDDER is openai but OPENAI_API_KEY is not set");
  if (!apiKey) return offlineEmbedder;
  const model = modelOr(DEFAULT_OPENAI_EMBEDDING_MODEL);
  return openAIEmbedder(env, apiKey, model, dimensionsOf(env, model), timeoutMs);
}

/**
 * The embedder of an existing vector space (an index built earlier), when this deployment can
 * still reach it: the configured one, the offline one, or the same provider's other model.
 * Null when its provider is no longer configured (its vectors can then only be replaced).
 */
export function embedderFor(env: EmbedderEnv, id: string): Embedder | null {
  if (id === OFFLINE_EMBEDDER_ID || id === LEGACY_OFFLINE_ID) return offlineEmbedder;
  // provider:model:dimensions, where a model name may itself hold colons (`nomic-embed-text:latest`).
  const first = id.indexOf(":");
  const last = id.lastIndexOf(":");
  const provider = id.slice(0, first);
  const model = id.slice(first + 1, last);
  const dimensions = Number(id.slice(last + 1));
  if (first < 0 || !model || !Number.isInteger(dimensions) || dimensions <= 0) return null;
  const sized = { ...env, FRONTDESK_EMBEDDING_MODEL: model, FRONTDESK_EMBEDDING_DIMENSIONS: String(dimensions) };
  try {
    if (provider === "openai" && env.OPENAI_API_KEY?.trim())
      return selectEmbedder({ ...sized, FRONTDESK_EMBEDDER: "openai" });
    if (provider === "workers-ai" && env.AI) return selectEmbedder({ ...sized, FRONTDESK_EMBEDDER: "workers-ai" });
  } catch {
    return null;
  }
  return null;
}
