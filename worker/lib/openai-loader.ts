/**
 * Loading `@ai-sdk/openai` safely, for every OpenAI path (chat models, embeddings, speech to text),
 * and the default endpoint they all pass explicitly.
 */

export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1"; // passed explicitly so process.env is never consulted

/**
 * `@ai-sdk/openai` creates a default provider when it is first evaluated, reading
 * process.env.OPENAI_BASE_URL, and throws if that is an empty string — which is exactly what
 * nodejs_compat puts there when the var is configured but left empty (.dev.vars, tests). So the
 * module is loaded lazily, only when a key is set, after dropping the empty value.
 */
export async function importOpenAI(): Promise<typeof import("@ai-sdk/openai")> {
  const processEnv = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (processEnv?.OPENAI_BASE_URL?.trim() === "") delete processEnv.OPENAI_BASE_URL;
  return import("@ai-sdk/openai");
}
