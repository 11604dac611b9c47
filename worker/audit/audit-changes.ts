/**
 * The admin API's audit middleware: for a route that changes something (`audited-routes.ts`), it
 * reads the state before (through the admin API's own GET route for it, with the caller's
 * credential), lets the change happen, and on success records who, what and the state after —
 * redacted, or only which contact properties changed, or only counts, as the route says.
 */
import type { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { routeOf } from "../access/admin-auth";
import type { AppEnv } from "../lib/app-env";
import { recordAudit } from "./audit-log";
import { AUDITED_ROUTES, type AuditedRoute } from "./audited-routes";
import { changedNames, countsOf, redact } from "./redact";

/**
 * The route's parameters, read from the request path (a middleware's own `c.req.param()` has only
 * its own): the route template's segments line up with the last segments of the path.
 */
function paramsOf(template: string, pathname: string): Record<string, string> {
  const names = template.split("/");
  const values = pathname.split("/").slice(-names.length);
  const params: Record<string, string> = {};
  names.forEach((name, i) => {
    if (name.startsWith(":")) params[name.slice(1)] = decoded(values[i] ?? "");
  });
  return params;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape: the route itself answers 404 for it
  }
}

/** A route template with the request's parameters filled in. */
const filled = (template: string, params: Record<string, string>) =>
  template.replace(/:([a-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));

/** The JSON an admin API GET answers for `path`, with the caller's credential; null when it has none. */
async function stateAt(api: Hono<AppEnv>, url: URL, path: string, credentials: Headers, env: Env): Promise<unknown> {
  const response = await api.fetch(new Request(new URL(path, url.origin), { headers: credentials }), env);
  return response.ok ? response.json() : null;
}

async function responseJson(res: Response): Promise<unknown> {
  if (!res.headers.get("content-type")?.includes("application/json")) return null;
  try {
    return await res.clone().json();
  } catch {
    return null;
  }
}

function kept(route: AuditedRoute, before: unknown, after: unknown): { before: unknown; after: unknown } {
  switch (route.keep) {
    case "state":
      return { before: before === null ? null : redact(before), after: after === null ? null : redact(after) };
    case "names": {
      const properties = (state: unknown) => (state as { properties?: unknown } | null)?.properties ?? null;
      return { before: null, after: { changed: changedNames(properties(before), properties(after)) } };
    }
    case "counts":
      return { before: null, after: countsOf(after) };
    case "nothing":
      return { before: null, after: null };
  }
}

/** `api` is the admin router itself (read lazily: this middleware is part of it). */
export const auditChanges = (api: () => Hono<AppEnv>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const endpoint = routeOf(c);
    const route = endpoint && AUDITED_ROUTES.get(`${endpoint.method} ${endpoint.path}`);
    const actor = c.get("actor");
    if (!route || !endpoint || !actor) return next();
    const url = new URL(c.req.url);
    const params = paramsOf(endpoint.path, url.pathname);
    // The caller's own credential (bearer token or console session) reads the state before.
    const credentials = new Headers();
    for (const name of ["authorization", "cookie"]) {
      const value = c.req.header(name);
      if (value !== undefined) credentials.set(name, value);
    }
    const before =
      route.resource && route.keep !== "nothing"
        ? await stateAt(api(), url, filled(route.resource, params), credentials, c.env)
        : null;
    await next();
    if (c.res.status >= 300) return; // refused or failed: nothing changed
    const body = endpoint.method === "DELETE" ? null : await responseJson(c.res);
    const created = body as { id?: unknown; name?: unknown; staff?: { id?: unknown } } | null;
    const lastParam = endpoint.path.match(/:([a-z]+)$/)?.[1];
    const targetId =
      (lastParam ? params[lastParam] : undefined) ??
      [created?.id, created?.staff?.id, created?.name].find((v): v is string => typeof v === "string") ??
      null;
    const action = route.action === "save" ? (c.res.status === 201 ? "create" : "update") : route.action;
    try {
      await recordAudit(c.env, {
        actor: { kind: actor.kind, id: "id" in actor ? actor.id : null },
        agentId: endpoint.path.startsWith("/agents/:id") ? (params.id ?? null) : null,
        kind: route.kind,
        action,
        targetId: endpoint.path.endsWith("-secret")
          ? endpoint.path.slice(endpoint.path.lastIndexOf("/") + 1)
          : targetId,
        ...kept(route, before, body),
      });
    } catch (error) {
      // The change is made; a log that could not be written must not turn it into an error for the caller.
      console.error("audit entry not recorded", error);
    }
  });
