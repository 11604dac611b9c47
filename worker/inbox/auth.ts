/**
 * Inbox authentication: one middleware that turns the session cookie into the signed-in staff
 * member (401 otherwise), and refuses state-changing requests from other origins (defence in
 * depth beside SameSite=Strict), and socket upgrades from anywhere but the inbox's own origin
 * (WebSockets are not bound by CORS and carry the cookie, so another page could otherwise open one).
 * Also the cookie itself.
 */
import type { Context } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../lib/app-env";
import { database } from "../db/client";
import { ApiError } from "../lib/errors";
import type { StaffRow } from "../staff/accounts";
import { SESSION_COOKIE, SESSION_TTL_MS, sessionStaff } from "../staff/sessions";

export type InboxEnv = AppEnv & { Variables: { staff: StaffRow } };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Requests that change state must come from the inbox's own origin when the browser says where they come from. */
export function refuseForeignOrigin(c: Context): void {
  const origin = c.req.header("origin");
  if (!SAFE_METHODS.has(c.req.method) && origin && origin !== new URL(c.req.url).origin) {
    throw new ApiError(403, "forbidden_origin", "Inbox requests must come from the inbox");
  }
}

/** Socket upgrades must name the inbox's own origin: browsers always send `Origin` on a WebSocket handshake. */
export function requireOwnOrigin(c: Context): void {
  if (c.req.header("origin") !== new URL(c.req.url).origin) {
    throw new ApiError(403, "forbidden_origin", "Inbox sockets must be opened by the inbox");
  }
}

export const staffSession = createMiddleware<InboxEnv>(async (c, next) => {
  refuseForeignOrigin(c);
  const staff = await sessionStaff(database(c.env), getCookie(c, SESSION_COOKIE));
  if (!staff) throw new ApiError(401, "unauthorized", "Sign in to the inbox first");
  c.set("staff", staff);
  await next();
});

export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    maxAge: SESSION_TTL_MS / 1000,
    secure: new URL(c.req.url).protocol === "https:",
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "Strict" });
}

export const sessionToken = (c: Context): string | undefined => getCookie(c, SESSION_COOKIE);
