/**
 * What a model's tokens cost, in US dollars per million input and output tokens: the agent's
 * `settings.modelPrices` first, then these defaults (OpenAI's list prices for its common chat models,
 * standard tier, checked 2026-12; a deployment whose prices differ sets its own). The offline model
 * costs nothing. A model with no known price has an unknown cost, never a guessed one.
 */
import { z } from "zod";
import { OFFLINE_MODEL_ID } from "../agent/offline/model";

export type ModelPrice = { inputPerMillion: number; outputPerMillion: number };

export const DEFAULT_MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  "gpt-4o-mini": { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  "gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 },
  "gpt-4.1": { inputPerMillion: 2, outputPerMillion: 8 },
  "gpt-4.1-mini": { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  "gpt-4.1-nano": { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  "gpt-5": { inputPerMillion: 1.25, outputPerMillion: 10 },
  "gpt-5-mini": { inputPerMillion: 0.25, outputPerMillion: 2 },
  "gpt-5-nano": { inputPerMillion: 0.05, outputPerMillion: 0.4 },
  "o4-mini": { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  [OFFLINE_MODEL_ID]: { inputPerMillion: 0, outputPerMillion: 0 },
  /** Turns that asked no model (a short answer's topic rule, a handoff before the model). */
  none: { inputPerMillion: 0, outputPerMillion: 0 },
};

const MAX_PRICED_MODELS = 50;
const price = z.number().min(0).max(10_000);

/** `settings.modelPrices`: model id → prices per million tokens. */
export const modelPricesSchema = z
  .record(z.string().trim().min(1).max(100), z.strictObject({ inputPerMillion: price, outputPerMillion: price }))
  .refine((prices) => Object.keys(prices).length <= MAX_PRICED_MODELS, `At most ${MAX_PRICED_MODELS} models`);

export function priceOf(model: string, overrides: Record<string, ModelPrice> | undefined): ModelPrice | null {
  return overrides?.[model] ?? DEFAULT_MODEL_PRICES[model] ?? null;
}

/** Dollars for these tokens of `model`; null when its price is unknown. */
export function costOf(
  model: string,
  tokens: { input: number; output: number },
  overrides: Record<string, ModelPrice> | undefined,
): number | null {
  const known = priceOf(model, overrides);
  if (!known) return null;
  return (tokens.input * known.inputPerMillion + tokens.output * known.outputPerMillion) / 1_000_000;
}
