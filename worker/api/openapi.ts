/**
 * `GET /api/openapi.json`: the admin API's OpenAPI 3.1 document, generated from the declarations
 * that validate its routes. Any admin role may read it (it describes routes, never data); the
 * reference page (`/api/docs`) renders it for a signed-in person.
 */
import { Hono } from "hono";
import { ADMIN_API_MOUNT } from "../access/admin-auth";
import type { AppEnv } from "../lib/app-env";
import { routeSpecs } from "../lib/route-spec";
import { openApiDocument } from "./openapi-document";

const declare = routeSpecs("API description");

/** `api` is the admin router itself (read lazily: this route is part of it). */
export function openApiRoutes(api: () => Hono<AppEnv>): Hono<AppEnv> {
  // Built once per isolate: it depends on the code alone, which cannot change while the isolate lives.
  let document: Record<string, unknown> | undefined;
  return new Hono<AppEnv>().get(
    "/openapi.json",
    declare({
      summary: "This document: the admin API as OpenAPI 3.1",
      response: { description: "The OpenAPI document", schema: { type: "object", required: ["openapi", "paths"] } },
    }),
    (c) => {
      document ??= openApiDocument(api().routes, ADMIN_API_MOUNT);
      return c.json(document);
    },
  );
}
