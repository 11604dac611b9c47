/** Reads (capped, through body.ts) and validates a JSON request body, or query parameters, with a zod schema; bad input is a 400. */
import type { Context } from "hono";
import type { z } from "zod";
import { readBodyText } from "./body";
import { ApiError, fieldErrors } from "./errors";

const MAX_JSON_BODY_BYTES = 256 * 1024; // admin and visitor bodies are small; reading stops past this

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await readBodyText(c.req.raw, MAX_JSON_BODY_BYTES);
  let raw: unknown;
  try {
    raw = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new ApiError(400, "invalid_body", "The request body is invalid", fieldErrors(parsed.error));
  return parsed.data;
}

/** Validates query parameters with a zod schema; bad ones are a 400 naming each. */
export function parseQuery<S extends z.ZodType>(schema: S, raw: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new ApiError(400, "invalid_query", "The query parameters are invalid", fieldErrors(parsed.error));
  return parsed.data;
}
