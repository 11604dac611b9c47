/**
 * Authentication and permission for the admin API: one middleware, applied once to the whole
 * admin router. The caller is the bearer token — `ADMIN_TOKEN` (the bootstrap owner credential,
 * compared in constant time) or an API key (`api-keys.ts`, carrying one admin role) — or, without an
 * Authorization header, a person's session cookie (the inbox's sign-in: HttpOnly, SameSite=Strict)
 * when their account has an admin role; a write on a cookie must also name this Worker as its
 * `Origin` (the CSRF check). The route's least role comes from the one role table (`roles.ts`). Who called is kept on the
 * request (`c.get("actor")`) for what records changes.
 */
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { Context } from "hono";
import type { AdminActor } from "../db/access-schema";
import { database } from "../db/client";
import { sessionToken } from "../inbox/auth";
import { sessionStaff } from "../staff/sessions";
import type { AppEnv } from "../lib/app-env";
import { timingSafeEqual } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { authenticateApiKey } from "./api-keys";
import { grants, requiredRole } from "./roles";

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
const CHALLENGE = 'Bearer realm="frontdesk-admin"'; // tells clients which scheme to retry with (RFC 6750)
/** Where the admin router is mounted (worker/app.ts); the role table names routes below it. */
export const ADMIN_API_MOUNT = "/api";

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

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

async function authenticate(c: Context<AppEnv>): Promise<AdminActor | null> {
  const header = c.req.header("authorization");
  if (header !== undefined) {
    const presented = bearerToken(header);
    if (presented === null) return null;
    if (isAdminToken(c.env.ADMIN_TOKEN, presented)) return { kind: "owner_token", role: "owner" };
    const key = await authenticateApiKey(c.env, presented);
    return key && { kind: "api_key", ...key };
  }
  const account = await sessionStaff(database(c.env), sessionToken(c));
  if (!account?.adminRole) return null;
  // A cookie goes with any request the browser makes: a change must come from this Worker's own pages.
  if (!SAFE_METHODS.has(c.req.method) && c.req.header("origin") !== new URL(c.req.url).origin)
    throw new ApiError(403, "forbidden_origin", "Changes made with a console session must come from the console");
  return { kind: "account", id: account.id, role: account.adminRole };
}

/** The route that will answer (the first matched one that is not middleware), as registered below the mount; null: none will. */
export function routeOf(c: Context<AppEnv>): { method: string; path: string } | null {
  const route = matchedRoutes(c).find((r) => r.method !== "ALL");
  if (!route) return null;
  const path = route.path.startsWith(ADMIN_API_MOUNT) ? route.path.slice(ADMIN_API_MOUNT.length) : route.path;
  return { method: c.req.method === "HEAD" ? "GET" : c.req.method, path };
}

export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const actor = await authenticate(c);
  if (!actor) {
    c.header("WWW-Authenticate", CHALLENGE);
    throw new ApiError(
      401,
      "unauthorized",
      "A valid admin token or API key (Authorization: Bearer <token>), or a console session, is required",
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
