/**
 * One error shape for the whole HTTP API: `{ "error": { "code", "message", "details"? } }`.
 * Expected failures throw ApiError; `handleError` (the app's only onError) renders them.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Response headers the error needs (e.g. `Retry-After`). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);

/** 429 with `Retry-After`: a limit was reached; nothing was done or stored. */
export const rateLimited = (retryAfterSeconds: number) =>
  new ApiError(
    429,
    "rate_limited",
    `Too many requests; try again in ${retryAfterSeconds} s`,
    { retryAfterSeconds },
    { "retry-after": String(retryAfterSeconds) },
  );

/** A secret the Worker needs is not set: a 500 that names it, so whoever runs the Worker knows what to add. */
export const missingSecret = (name: string) =>
  new ApiError(
    500,
    "server_misconfigured",
    `The server is missing the secret ${name}. Locally add it to .dev.vars (npm run dev does); in ` +
      `production run \`wrangler secret put ${name}\`.`,
  );

/** Field errors from zod as `{ path: message }`, the `details` of a 400. */
export function fieldErrors(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "(body)";
    fields[key] ??= issue.message;
  }
  return fields;
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function handleError(err: unknown, c: Context): Response {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, err.details), err.status, err.headers);
  if (err instanceof ZodError)
    return c.json(errorBody("invalid_body", "The request body is invalid", fieldErrors(err)), 400);
  console.error("unhandled error", err);
  return c.json(errorBody("internal", "Something went wrong on our side"), 500);
}
