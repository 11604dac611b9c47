/**
 * The admin API's OpenAPI document: served at /api/openapi.json to any admin role, OpenAPI 3.1, its
 * operations exactly the role table's routes, each with its role, summary and the schemas that
 * validate the route (spot-checked against what the route then accepts and refuses); and the
 * reference page at /api/docs, served with a strict CSP, loading only this Worker's own assets.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ROUTE_ROLES } from "../../worker/access/roles";
import { adminFetch, TEST_ORIGIN } from "./helpers/seed";

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  maxLength?: number;
  pattern?: string;
  enum?: string[];
  additionalProperties?: unknown;
};
type Parameter = { name: string; in: string; required: boolean; schema: Schema; description?: string };
type Operation = {
  summary: string;
  tags: string[];
  "x-frontdesk-role": string;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { description?: string; $ref?: string }>;
};
type Document = {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
};

const METHODS = ["get", "put", "post", "patch", "delete"];

async function document(): Promise<Document> {
  const response = await adminFetch("/openapi.json");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("application/json");
  return (await response.json()) as Document;
}

function operation(doc: Document, method: string, path: string): Operation {
  const found = doc.paths[path]?.[method];
  if (!found) throw new Error(`${method} ${path} is not in the document`);
  return found;
}

const jsonBody = (op: Operation): Schema => op.requestBody?.content["application/json"]?.schema ?? {};

describe("GET /api/openapi.json", () => {
  it("is an OpenAPI 3.1 document whose operations are exactly the role table's routes", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("Frontdesk admin API");
    expect(doc.servers).toEqual([{ url: "/api" }]);
    const described = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => METHODS.includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    const table = ROUTE_ROLES.map(([method, path]) => `${method} ${path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`);
    expect(described.sort()).toEqual(table.sort());
  });

  it("gives every operation its summary, least role, path parameters, success and error responses", async () => {
    const doc = await document();
    const wrong: string[] = [];
    for (const [method, path, role] of ROUTE_ROLES) {
      const templated = path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
      const op = operation(doc, method.toLowerCase(), templated);
      const pathNames = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
      const successes = Object.keys(op.responses).filter((status) => /^2\d\d$/.test(status));
      if (!op.summary) wrong.push(`${method} ${path}: no summary`);
      if (op.tags.length !== 1) wrong.push(`${method} ${path}: no tag`);
      if (op["x-frontdesk-role"] !== role) wrong.push(`${method} ${path}: role ${op["x-frontdesk-role"]}`);
      if (declared.join() !== pathNames.join()) wrong.push(`${method} ${path}: path parameters ${declared.join()}`);
      if (successes.length !== 1) wrong.push(`${method} ${path}: success responses ${successes.join()}`);
      if (op.responses.default?.$ref !== "#/components/responses/Error") wrong.push(`${method} ${path}: no error`);
    }
    expect(wrong).toEqual([]);
  });

  it("describes request bodies and queries with the schemas the routes validate with", async () => {
    const doc = await document();
    const putAgent = operation(doc, "put", "/agents/{id}");
    const agent = jsonBody(putAgent);
    expect(agent).toMatchObject({ type: "object", additionalProperties: false });
    expect(agent.properties?.greeting).toMatchObject({ type: "string", maxLength: 500 });
    expect(agent.properties?.personality?.enum).toContain("brand_voice");
    expect(agent.required).toEqual(expect.arrayContaining(["name", "personality", "greeting"]));
    expect(putAgent.parameters?.[0]).toMatchObject({ name: "id", in: "path", required: true });
    expect(putAgent.parameters?.[0]?.schema.pattern).toBe("^[a-z0-9][a-z0-9-]{0,62}$");

    // What the document says the greeting may be is what the route enforces.
    const long = { name: "Doc", personality: "friendly", greeting: "x".repeat(501) };
    const refused = await adminFetch("/agents/openapi-doc", { method: "PUT", json: long });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { code: "invalid_body", details: { greeting: expect.any(String) } },
    });
    const accepted = await adminFetch("/agents/openapi-doc", {
      method: "PUT",
      json: { ...long, greeting: "x".repeat(500) },
    });
    expect(accepted.status).toBe(201);

    expect(putAgent.requestBody).toMatchObject({ required: true });
    // An empty body reads as {}: where that is valid, the body is optional.
    expect(operation(doc, "post", "/agents/{id}/replay").requestBody).toMatchObject({ required: false });

    const shortAnswer = jsonBody(operation(doc, "post", "/agents/{id}/short-answers"));
    expect(shortAnswer.required?.sort()).toEqual(["answer", "question"]);
    expect(shortAnswer.properties?.answer?.maxLength).toBe(4000);

    const keys = jsonBody(operation(doc, "post", "/keys"));
    expect(keys.properties?.role?.enum).toEqual(["viewer", "editor", "owner"]);

    const audit = operation(doc, "get", "/audit").parameters ?? [];
    expect(audit.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(["query:limit", "query:cursor"]));
    expect(audit.find((p) => p.name === "limit")?.schema).toMatchObject({ type: "integer", maximum: 100 });

    const upload = operation(doc, "post", "/agents/{id}/files").requestBody?.content ?? {};
    expect(Object.keys(upload)).toEqual(["multipart/form-data"]);
    expect(operation(doc, "delete", "/agents/{id}/articles/{aid}").responses["204"]).toBeDefined();
  });

  it("is readable by any admin role, and by no one without a credential", async () => {
    const created = await adminFetch("/keys", { method: "POST", json: { name: "doc reader", role: "viewer" } });
    const { key } = (await created.json()) as { key: string };
    expect((await adminFetch("/openapi.json", { token: key })).status).toBe(200);
    expect((await adminFetch("/openapi.json", { token: null })).status).toBe(401);
  });
});

describe("GET /api/docs", () => {
  it("is served without a credential, under a CSP that allows only this origin's script, styles and fetches", async () => {
    const page = await exports.default.fetch(new Request(`${TEST_ORIGIN}/api/docs`));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const csp = page.headers.get("content-security-policy") ?? "";
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ])
      expect(csp).toContain(directive);
    expect(csp).not.toMatch(/unsafe-|https?:|\*/);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("loads only same-origin assets, which the Worker's static assets serve", async () => {
    const html = await (await exports.default.fetch(new Request(`${TEST_ORIGIN}/api/docs`))).text();
    const urls = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1] ?? "");
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) expect(url, url).toMatch(/^\/[^/]/); // a path on this origin, never //host or a scheme
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/\sstyle=|<style/);
    for (const url of urls) {
      const asset = await env.ASSETS.fetch(new URL(url, TEST_ORIGIN));
      expect(asset.status, `${url} (run npm run build)`).toBe(200);
      const text = await asset.text();
      expect(text).not.toMatch(/https?:\/\//); // it reaches nothing outside this origin
    }
  });
});
