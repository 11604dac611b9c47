/** Reads and validates a JSON request body with a zod schema; bad JSON and bad fields are 400s. */
import type { Context } from "hono";
import type { z } from "zod";
import { ApiError, fieldErrors } from "./errors";

const MAX_JSON_BODY_BYTES = 256 * 1024; // admin and visitor bodies are small; larger ones are refused unread

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_JSON_BODY_BYTES) throw new ApiError(413, "body_too_large", `The body is larger than ${MAX_JSON_BODY_BYTES} bytes`);
  const text = await c.req.text();
  if (new TextEncoder().encode(text).byteLength > MAX_JSON_BODY_BYTES) {
    throw new ApiError(413, "body_too_large", `The body is larger than ${MAX_JSON_BODY_BYTES} bytes`);
  }
  let raw: unknown;
  try {
    raw = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ApiError(400, "invalid_body", "The request body is invalid", fieldErrors(parsed.error));
  return parsed.data;
}
