/**
 * Declared admin routes: one object per route names its summary, path parameters, query, body and
 * main response, and is also the middleware that validates the request against exactly those
 * schemas (path parameters, then query, then body) before the handler runs. The OpenAPI document
 * (`api/openapi-document.ts`) is generated from the same objects, so what it describes is what is
 * enforced. Bodies are read through `readJson` (capped while reading) and errors keep the API's one
 * shape: `invalid_json`, `invalid_body` and `invalid_query` with field details, or the parameter's
 * own refusal.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { z } from "zod";
import type { AppEnv } from "./app-env";
import type { ApiError } from "./errors";
import { parseQuery, readJson } from "./validate";

/** A path parameter's schema and what a value outside it gets (a 400 or a 404, as the route has always answered). */
export type PathParam = { readonly schema: z.ZodType<string>; readonly refuse: () => ApiError };

export const pathParam = (schema: z.ZodType<string>, refuse: () => ApiError): PathParam => ({ schema, refuse });

/** The `name` path parameter, checked against its declaration. */
export function readPathParam(c: Context, name: string, param: PathParam): string {
  const parsed = param.schema.safeParse(c.req.param(name) ?? "");
  if (!parsed.success) throw param.refuse();
  return parsed.data;
}

/** A JSON Schema written by hand, for what no zod schema validates (uploads, CSV, responses built in code). */
export type JsonSchema = { readonly [key: string]: unknown };

export type ResponseSpec = {
  /** Default 200. */
  status?: 200 | 201 | 202 | 204;
  description: string;
  /** The body's schema, when one exists; otherwise the description says what the object holds. */
  schema?: z.ZodType | JsonSchema;
  /** Default `application/json`; a CSV download names its type. */
  mediaType?: string;
};

export type RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> = {
  summary: string;
  description?: string;
  /** Keyed by the name in the route's path (`:id` → `id`). */
  params?: Readonly<Record<string, PathParam>>;
  query?: Q;
  /** A JSON body, validated here. */
  body?: B;
  /** A body the handler reads itself under its own cap (uploads, imports): documented only, by media type. */
  rawBody?: { description: string; content: Readonly<Record<string, JsonSchema>> };
  response: ResponseSpec;
};

export type DeclaredRoute = RouteSpec<z.ZodType | undefined, z.ZodType | undefined> & { tag: string };

/** Where a declaration sits on its middleware, for the document builder to find among a router's handlers. */
export const DECLARED_ROUTE: unique symbol = Symbol("frontdesk.declaredRoute");

type None = Record<never, never>;
type Validated<B, Q> = {
  in: (B extends z.ZodType ? { json: z.input<B> } : None) &
    (Q extends z.ZodType ? { query: Record<string, string> } : None);
  out: (B extends z.ZodType ? { json: z.output<B> } : None) & (Q extends z.ZodType ? { query: z.output<Q> } : None);
};

export type DeclaredMiddleware<B, Q> = MiddlewareHandler<AppEnv, string, Validated<B, Q>> & {
  readonly [DECLARED_ROUTE]: DeclaredRoute;
};

/** The declaration in `handler`'s chain, if it is one. */
export const declarationOf = (handler: unknown): DeclaredRoute | undefined =>
  typeof handler === "function"
    ? (handler as Partial<DeclaredMiddleware<unknown, unknown>>)[DECLARED_ROUTE]
    : undefined;

/**
 * Declarations for one group of routes, listed under `tag` in the document. Put the result first in
 * the route's handlers; the handler reads what it validated with `c.req.valid("json" | "query")`.
 */
export function routeSpecs(tag: string) {
  return <B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
    spec: RouteSpec<B, Q>,
  ): DeclaredMiddleware<B, Q> => {
    const declared: DeclaredRoute = { ...spec, tag };
    const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
      for (const [name, param] of Object.entries(declared.params ?? {})) readPathParam(c, name, param);
      if (declared.query) c.req.addValidatedData("query", parseQuery(declared.query, c.req.query()) as object);
      if (declared.body) c.req.addValidatedData("json", (await readJson(c, declared.body)) as object);
      await next();
    };
    return Object.assign(middleware, { [DECLARED_ROUTE]: declared }) as DeclaredMiddleware<B, Q>;
  };
}
