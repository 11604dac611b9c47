// The Vectorize index a deployment needs: named after its embedder and that embedder's dimensions, as the
// wrangler.toml comment documents (`frontdesk-openai-text-embedding-3-small-1536`). It mirrors the choice rules of
// worker/knowledge/engine/embedders.ts (which imports the AI SDK and reads Worker bindings, so a Node script cannot
// load it); test/node/deploy-config.test.ts compares the two, so they cannot drift apart.

export const OFFLINE_EMBEDDER_ID = "offline:hash-v1:512"; // embedder.ts: OFFLINE_EMBEDDER_ID
const DEFAULT_OPENAI_EMBEDDING_MODEL = "text-embedding-3-small";
const DEFAULT_WORKERS_AI_EMBEDDING_MODEL = "@cf/baai/bge-m3";
/** embedders.ts: KNOWN_DIMENSIONS. */
const KNOWN_DIMENSIONS = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
  "@cf/baai/bge-m3": 1024,
  "@cf/baai/bge-small-en-v1.5": 384,
  "@cf/baai/bge-base-en-v1.5": 768,
  "@cf/baai/bge-large-en-v1.5": 1024,
};
const INDEX_PREFIX = "frontdesk-";
// Cloudflare's API pattern for an index name (`vectorize_index-name`): a lower-case letter first, a letter or digit last.
const INDEX_NAME = /^[a-z]+[a-z0-9_-]*[a-z0-9]+$/;
const MAX_INDEX_NAME = 64; // a guard against runaway model names, not a documented Vectorize limit

/** The configuration cannot name an embedder; the message says which setting to fix. */
export class EmbedderConfigError extends Error {
  name = "EmbedderConfigError";
}

/**
 * The embedder a deployment with these vars and secrets will use.
 * @param {Record<string, unknown>} vars the `[vars]` of the configuration
 * @param {{ hasOpenAIKey: boolean, hasAIBinding: boolean }} facts whether OPENAI_API_KEY is set and `[ai]` bound
 * @returns {{ id: string, dimensions: number }}
 */
export function embedderOf(vars, { hasOpenAIKey, hasAIBinding }) {
  const text = (/** @type {string} */ name) => String(vars[name] ?? "").trim();
  const choice = text("FRONTDESK_EMBEDDER").toLowerCase();
  const dimensionsOf = (/** @type {string} */ model) => {
    const configured = Number.parseInt(text("FRONTDESK_EMBEDDING_DIMENSIONS"), 10);
    if (Number.isInteger(configured) && configured > 0) return configured;
    const known = KNOWN_DIMENSIONS[/** @type {keyof typeof KNOWN_DIMENSIONS} */ (model)];
    if (!known)
      throw new EmbedderConfigError(
        `The vector size of embedding model ${model} is unknown: set FRONTDESK_EMBEDDING_DIMENSIONS in wrangler.toml`,
      );
    return known;
  };
  const offline = { id: OFFLINE_EMBEDDER_ID, dimensions: 512 };
  if (choice === "offline") return offline;
  if (choice === "workers-ai") {
    if (!hasAIBinding)
      throw new EmbedderConfigError('FRONTDESK_EMBEDDER is workers-ai but wrangler.toml has no [ai] binding = "AI"');
    const model = text("FRONTDESK_EMBEDDING_MODEL") || DEFAULT_WORKERS_AI_EMBEDDING_MODEL;
    const dimensions = dimensionsOf(model);
    return { id: `workers-ai:${model}:${dimensions}`, dimensions };
  }
  if (choice !== "" && choice !== "openai")
    throw new EmbedderConfigError(`FRONTDESK_EMBEDDER must be offline, openai or workers-ai, not ${choice}`);
  if (choice === "openai" && !hasOpenAIKey)
    throw new EmbedderConfigError(
      "FRONTDESK_EMBEDDER is openai but OPENAI_API_KEY is not set: run `npx wrangler secret put OPENAI_API_KEY` first",
    );
  if (!hasOpenAIKey) return offline;
  const model = text("FRONTDESK_EMBEDDING_MODEL") || DEFAULT_OPENAI_EMBEDDING_MODEL;
  const dimensions = dimensionsOf(model);
  return { id: `openai:${model}:${dimensions}`, dimensions };
}

/**
 * The index name for an embedder id: `frontdesk-` and the id with every run of other characters made one dash
 * (`openai:text-embedding-3-small:1536` → `frontdesk-openai-text-embedding-3-small-1536`).
 * @param {string} embedderId
 */
export function vectorIndexName(embedderId) {
  const slug = embedderId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const name = `${INDEX_PREFIX}${slug}`;
  if (!INDEX_NAME.test(name)) throw new EmbedderConfigError(`${name} is not a valid Vectorize index name`);
  if (name.length > MAX_INDEX_NAME)
    throw new EmbedderConfigError(`The Vectorize index name ${name} is longer than ${MAX_INDEX_NAME} characters`);
  return name;
}
