/**
 * Authentication and permission for the admin API: one middleware, applied once to the whole
 * admin router. The bearer token is `ADMIN_TOKEN` (the bootstrap owner credential, compared in
 * constant time) or an API key (`api-keys.ts`, carrying one admin role); the route's least role
 * comes from the one role table (`roles.ts`). Who called is kept on the
 * request (`c.get("actor")`) for what records changes.
 */
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { Context } from "hono";
import type { AdminActor } from "../db/access-schema";
import type { AppEnv } from "../lib/app-env";
import { timingSafeEqual } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { authenticateApiKey } from "./api-keys";
import { grants, requiredRole } from "./roles";

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const CHALLENGE = 'Bearer realm="frontdesk-admin"'; // tells clients which scheme to retry with (RFC 6750)
const MOUNT = "/api"; // where the admin router is mounted (worker/app.ts); the role table names routes below it

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

async function authenticate(env: Env, presented: string | null): Promise<AdminActor | null> {
  if (presented === null) return null;
  if (isAdminToken(env.ADMIN_TOKEN, presented)) return { kind: "owner_token", role: "owner" };
  const key = await authenticateApiKey(env, presented);
  return key && { kind: "api_key", ...key };
}

/** The route that will answer (the first matched one that is not middleware), as registered below the mount; null: none will. */
export function routeOf(c: Context<AppEnv>): { method: string; path: string } | null {
  const route = matchedRoutes(c).find((r) => r.method !== "ALL");
  if (!route) return null;
  const path = route.path.startsWith(MOUNT) ? route.path.slice(MOUNT.length) : route.path;
  return { method: c.req.method === "HEAD" ? "GET" : c.req.method, path };
}

export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const actor = await authenticate(c.env, bearerToken(c.req.header("authorization")));
  if (!actor) {
    c.header("WWW-Authenticate", CHALLENGE);
    throw new ApiError(
      401,
      "unauthorized",
      "A valid admin token or API key is required (Authorization: Bearer <token>)",
    );
  }
  const route = routeOf(c);
  const needed = route ? requiredRole(route.method, route.path) : "viewer"; // no route: the 404 says so
  if (!grants(actor.role, needed))
    throw new ApiError(403, "forbidden", `This needs the ${needed} role; the credential has ${actor.role}`, {
      needed,
      role: actor.role,
    });
  c.set("actor", actor);
  await next();
});
