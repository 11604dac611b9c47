/**
 * Bearer-token authentication for the admin API: one middleware, applied once to the whole
 * admin router, that compares the presented token with ADMIN_TOKEN in constant time.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";
import { timingSafeEqual } from "./crypto";
import { ApiError } from "./errors";

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const CHALLENGE = 'Bearer realm="frontdesk-admin"'; // tells clients which scheme to retry with (RFC 6750)

/** The token from an `Authorization: Bearer <token>` header, or null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  return header ? (BEARER.exec(header)?.[1] ?? null) : null;
}

/**
 * True only when ADMIN_TOKEN is configured and equals the presented token. An unset or empty
 * ADMIN_TOKEN locks the admin API rather than opening it.
 */
export function isAdminToken(expected: string | undefined, presented: string | null): boolean {
  if (!expected || presented === null) return false;
  return timingSafeEqual(presented, expected);
}

export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  if (!isAdminToken(c.env.ADMIN_TOKEN, bearerToken(c.req.header("authorization")))) {
    c.header("WWW-Authenticate", CHALLENGE);
    throw new ApiError(401, "unauthorized", "A valid admin token is required (Authorization: Bearer <ADMIN_TOKEN>)");
  }
  await next();
});
