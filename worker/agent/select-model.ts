/**
 * Chooses the model of a turn: OpenAI (or any OpenAI-compatible endpoint through OPENAI_BASE_URL)
 * when OPENAI_API_KEY is set, the built-in offline model otherwise.
 */
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { wrapLanguageModel } from "ai";
import { OfflineModel } from "./offline/model";
import { citePromptPassages } from "./sources";

export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini"; // used when FRONTDESK_MODEL is left empty
export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1"; // passed explicitly so process.env is never consulted

type ModelEnv = Pick<Env, "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "FRONTDESK_MODEL">;

export async function selectModel(env: ModelEnv): Promise<LanguageModelV4> {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return new OfflineModel();
  const { createOpenAI } = await importOpenAI();
  const openai = createOpenAI({ apiKey, baseURL: env.OPENAI_BASE_URL?.trim() || DEFAULT_OPENAI_BASE_URL });
  // Chat Completions, not the Responses API: most OpenAI-compatible servers only speak the former.
  const model = openai.chat(env.FRONTDESK_MODEL?.trim() || DEFAULT_OPENAI_MODEL);
  return wrapLanguageModel({ model, middleware: citePromptPassages });
}

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
