/**
 * The admin API's OpenAPI 3.1 document, built from the router's own routes and the declarations
 * their handlers start with (`lib/route-spec.ts`): the zod schemas that validate a request are
 * turned into its JSON Schemas here (zod's `toJSONSchema`; OpenAPI 3.1 uses JSON Schema 2020-12),
 * and each operation names the least role that may call it (`x-frontdesk-role`, from the role
 * table). A registered route without a declaration is an error, so the document never omits one.
 */
import type { RouterRoute } from "hono/types";
import { z } from "zod";
import { requiredRole } from "../access/roles";
import { SESSION_COOKIE } from "../staff/sessions";
import { type DeclaredRoute, declarationOf, type JsonSchema, type ResponseSpec } from "../lib/route-spec";

/** Bumped when a change would break an existing client; additions keep it. */
const API_VERSION = "1.0.0";
const ERROR_RESPONSE = { $ref: "#/components/responses/Error" };

type Operation = Record<string, unknown>;

/** A zod schema as a standalone JSON Schema: what a request may send (`input`) or what a response holds (`output`). */
function jsonSchema(schema: z.ZodType | JsonSchema, io: "input" | "output"): JsonSchema {
  if (!(schema instanceof z.ZodType)) return schema;
  // Refinements and transforms cannot be expressed; the schema still states every type and bound.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest;
}

/** `/agents/:id` as OpenAPI writes it: `/agents/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

const operationId = (method: string, path: string) =>
  method.toLowerCase() +
  path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join("");

/** A parameter; its schema's description is also the parameter's, where tools look for it. */
function parameter(name: string, where: "path" | "query", required: boolean, schema: JsonSchema): Operation {
  const described = typeof schema.description === "string" ? { description: schema.description } : {};
  return { name, in: where, required, schema, ...described };
}

function parameters(route: DeclaredRoute): Operation[] {
  const path = Object.entries(route.params ?? {}).map(([name, param]) =>
    parameter(name, "path", true, jsonSchema(param.schema, "input")),
  );
  if (!route.query) return path;
  const query = jsonSchema(route.query, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  const fields = Object.entries(query.properties ?? {}).map(([name, schema]) =>
    parameter(name, "query", query.required?.includes(name) ?? false, schema),
  );
  return [...path, ...fields];
}

function requestBody(route: DeclaredRoute): Operation | undefined {
  // An empty body reads as `{}` (lib/validate.ts), so a body whose every field is optional may be left out.
  if (route.body)
    return {
      required: !route.body.safeParse({}).success,
      content: { "application/json": { schema: jsonSchema(route.body, "input") } },
    };
  if (!route.rawBody) return undefined;
  const content = Object.fromEntries(Object.entries(route.rawBody.content).map(([type, schema]) => [type, { schema }]));
  return { required: true, description: route.rawBody.description, content };
}

function success(response: ResponseSpec): [string, Operation] {
  const status = String(response.status ?? 200);
  if (status === "204") return [status, { description: response.description }];
  const schema = response.schema ? jsonSchema(response.schema, "output") : { type: "object" };
  return [
    status,
    { description: response.description, content: { [response.mediaType ?? "application/json"]: { schema } } },
  ];
}

function operation(method: string, path: string, route: DeclaredRoute): Operation {
  const params = parameters(route);
  const body = requestBody(route);
  return {
    operationId: operationId(method, path),
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    "x-frontdesk-role": requiredRole(method, path),
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: Object.fromEntries([success(route.response), ["default", ERROR_RESPONSE]]),
  };
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "Stable and machine-readable, e.g. invalid_body, not_found, forbidden" },
        message: { type: "string", description: "For people; may change" },
        details: {
          description:
            'For invalid_body and invalid_query: { "field.path": message }; otherwise the error\'s specifics',
        },
      },
    },
  },
};

/** The document for `routes` (a router's `routes`, below its mount point `server`). */
export function openApiDocument(routes: readonly RouterRoute[], server: string): Record<string, unknown> {
  const paths: Record<string, Record<string, Operation>> = {};
  const undeclared: string[] = [];
  const seen = new Set<string>();
  for (const { method, path } of routes) {
    const key = `${method} ${path}`;
    if (method === "ALL" || seen.has(key)) continue;
    seen.add(key);
    const route = routes
      .filter((r) => r.method === method && r.path === path)
      .map((r) => declarationOf(r.handler))
      .find((d) => d !== undefined);
    if (!route) {
      undeclared.push(key);
      continue;
    }
    paths[openApiPath(path)] ??= {};
    (paths[openApiPath(path)] as Record<string, Operation>)[method.toLowerCase()] = operation(method, path, route);
  }
  if (undeclared.length) throw new Error(`Admin routes without a declaration: ${undeclared.join(", ")}`);
  return {
    openapi: "3.1.0",
    info: {
      title: "Frontdesk admin API",
      version: API_VERSION,
      description:
        "Configure agents, knowledge, contacts, people and keys. Each operation's x-frontdesk-role is " +
        "the least admin role that may call it (viewer < editor < owner).",
    },
    servers: [{ url: server }],
    security: [{ bearerAuth: [] }, { consoleSession: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "ADMIN_TOKEN (an owner) or an API key" },
        consoleSession: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description: "A signed-in account with an admin role; changes must come from this Worker's own pages",
        },
      },
      schemas: { Error: errorSchema },
      responses: {
        Error: {
          description: "Refused or failed: every error has this shape",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    },
  };
}
