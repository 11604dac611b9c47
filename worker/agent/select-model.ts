/**
 * Chooses the model of a turn: OpenAI (or any OpenAI-compatible endpoint through OPENAI_BASE_URL)
 * when OPENAI_API_KEY is set, the built-in offline model otherwise.
 */
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { wrapLanguageModel } from "ai";
import { DEFAULT_OPENAI_BASE_URL, importOpenAI } from "../lib/openai-loader";
import { OfflineModel } from "./offline/model";
import { citePromptPassages } from "./sources";

export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini"; // used when FRONTDESK_MODEL is left empty

type ModelEnv = Pick<Env, "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "FRONTDESK_MODEL">;

/** True when turns are answered by the built-in offline model (no API key set). */
export const usesOfflineModel = (env: ModelEnv): boolean => !env.OPENAI_API_KEY?.trim();

export async function selectModel(env: ModelEnv): Promise<LanguageModelV4> {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return new OfflineModel();
  const { createOpenAI } = await importOpenAI();
  const openai = createOpenAI({ apiKey, baseURL: env.OPENAI_BASE_URL?.trim() || DEFAULT_OPENAI_BASE_URL });
  // Chat Completions, not the Responses API: most OpenAI-compatible servers only speak the former.
  const model = openai.chat(env.FRONTDESK_MODEL?.trim() || DEFAULT_OPENAI_MODEL);
  return wrapLanguageModel({ model, middleware: citePromptPassages });
}
