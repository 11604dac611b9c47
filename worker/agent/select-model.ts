/**
 * Chooses the model of a turn: the scripted model when FRONTDESK_MODEL is "scripted" (load tests:
 * see scripted-model.ts), else OpenAI (or any OpenAI-compatible endpoint through OPENAI_BASE_URL)
 * when OPENAI_API_KEY is set, the built-in offline model otherwise.
 */
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { DEFAULT_OPENAI_BASE_URL, importOpenAI } from "../lib/openai-loader";
import { OfflineModel } from "./offline/model";
import { SCRIPTED_MODEL_NAME, ScriptedModel } from "./scripted-model";

export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini"; // used when FRONTDESK_MODEL is left empty

type ModelEnv = Pick<Env, "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "FRONTDESK_MODEL"> &
  Partial<Pick<Env, "FRONTDESK_SCRIPTED_REPLY">>;

const usesScriptedModel = (env: ModelEnv): boolean => env.FRONTDESK_MODEL?.trim() === SCRIPTED_MODEL_NAME;

/** True when turns are answered by the built-in offline model (no API key set, no scripted model). */
export const usesOfflineModel = (env: ModelEnv): boolean => !env.OPENAI_API_KEY?.trim() && !usesScriptedModel(env);

/**
 * The model last built, by its key, endpoint and name: a provider and its model hold only that
 * configuration, and building them costs a turn over a millisecond of CPU. Configuration, not state.
 */
let built: { config: string; model: LanguageModelV4 } | null = null;

export async function selectModel(env: ModelEnv): Promise<LanguageModelV4> {
  if (usesScriptedModel(env)) return scripted(env.FRONTDESK_SCRIPTED_REPLY ?? "");
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) return new OfflineModel();
  const baseURL = env.OPENAI_BASE_URL?.trim() || DEFAULT_OPENAI_BASE_URL;
  const name = env.FRONTDESK_MODEL?.trim() || DEFAULT_OPENAI_MODEL;
  const config = JSON.stringify([apiKey, baseURL, name]);
  if (built?.config === config) return built.model;
  const { createOpenAI } = await importOpenAI();
  // Chat Completions, not the Responses API: most OpenAI-compatible servers only speak the former.
  const model = createOpenAI({ apiKey, baseURL }).chat(name);
  built = { config, model };
  return built.model;
}

let scriptedModel: { reply: string; model: ScriptedModel } | null = null;

/** The scripted model of `reply`, built once (it holds its reply's pieces, nothing of a turn). */
function scripted(reply: string): ScriptedModel {
  if (scriptedModel?.reply !== reply) scriptedModel = { reply, model: new ScriptedModel(reply) };
  return scriptedModel.model;
}
