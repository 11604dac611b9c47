/** Reads and validates a JSON request body with a zod schema; bad JSON and bad fields are 400s. */
import type { Context } from "hono";
import type { z } from "zod";
import { ApiError, fieldErrors } from "./errors";

const MAX_JSON_BODY_BYTES = 256 * 1024; // admin and visitor bodies are small; larger ones are refused unread

/** The body as text, refused with 413 when it (or its declared length) is larger than `maxBytes`. */
export async function readBodyText(c: Context, maxBytes: number): Promise<string> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBytes) throw new ApiError(413, "body_too_large", `The body is larger than ${maxBytes} bytes`);
  const text = await c.req.text();
  if (new TextEncoder().encode(text).byteLength > maxBytes)
    throw new ApiError(413, "body_too_large", `The body is larger than ${maxBytes} bytes`);
  return text;
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await readBodyText(c, MAX_JSON_BODY_BYTES);
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
