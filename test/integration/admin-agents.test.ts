/** Admin API for agents: validation, create vs update, versions published at once, failures change nothing. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Agent } from "../../worker/db/agents";
import { adminFetch } from "./helpers/seed";

type ErrorResponse = { error: { code: string; message: string; details?: Record<string, string> } };

const valid = {
  name: "Acme Support",
  personality: "friendly",
  greeting: "Hi! How can I help?",
  settings: { accentColor: "#0f766e" },
};

const put = (id: string, json: unknown) => adminFetch(`/agents/${id}`, { method: "PUT", json });

async function versions(agentId: string) {
  const { results } = await env.DB.prepare("select version, config, published_at from agent_versions where agent_id = ? order by version")
    .bind(agentId)
    .all<{ version: number; config: string; published_at: number | null }>();
  return results.map((row) => ({ version: row.version, config: JSON.parse(row.config) as unknown, publishedAt: row.published_at }));
}

async function expectError(response: Response, status: number, code: string): Promise<ErrorResponse> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as ErrorResponse;
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  return body;
}

describe("PUT /api/agents/:id", () => {
  it("creates (201), then updates (200), adding and publishing a version each time", async () => {
    const created = await put("acme", valid);
    expect(created.status).toBe(201);
    const first = (await created.json()) as Agent;
    expect(first).toMatchObject({ id: "acme", ...valid, publishedVersion: 1 });
    expect(first.createdAt).toBe(first.updatedAt);

    const updated = await put("acme", { ...valid, name: "Acme Help", settings: {} });
    expect(updated.status).toBe(200);
    const second = (await updated.json()) as Agent;
    expect(second).toMatchObject({ id: "acme", name: "Acme Help", settings: {}, publishedVersion: 2, createdAt: first.createdAt });

    const stored = await versions("acme");
    expect(stored.map((v) => v.version)).toEqual([1, 2]);
    expect(stored[0]?.config).toEqual(valid);
    expect(stored[1]?.config).toEqual({ ...valid, name: "Acme Help", settings: {} });
    expect(stored.every((v) => typeof v.publishedAt === "number")).toBe(true);

    const read = await adminFetch("/agents/acme");
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(second);
  });

  it("defaults settings to {} and accepts brand_voice with a brand voice", async () => {
    const plain = await put("no-settings", { name: "N", personality: "witty", greeting: "Yo" });
    expect(((await plain.json()) as Agent).settings).toEqual({});
    const branded = await put("branded", { name: "B", personality: "brand_voice", greeting: "Hello", settings: { brandVoice: "Calm and precise." } });
    expect(branded.status).toBe(201);
    expect(((await branded.json()) as Agent).settings).toEqual({ brandVoice: "Calm and precise." });
  });

  it("gives each agent its own version sequence", async () => {
    await put("seq-a", valid);
    await put("seq-a", valid);
    await put("seq-b", valid);
    expect((await versions("seq-a")).map((v) => v.version)).toEqual([1, 2]);
    expect((await versions("seq-b")).map((v) => v.version)).toEqual([1]);
  });

  it("numbers concurrent saves without collisions", async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, (_, i) => put("busy", { ...valid, name: `Busy ${i}` })));
    expect(responses.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
    expect((await versions("busy")).map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    const agent = (await (await adminFetch("/agents/busy")).json()) as Agent;
    expect(agent.publishedVersion).toBe(5);
  });

  it.each([
    ["missing name", { ...valid, name: undefined }, "name"],
    ["blank name", { ...valid, name: "   " }, "name"],
    ["name too long", { ...valid, name: "x".repeat(81) }, "name"],
    ["bad personality", { ...valid, personality: "grumpy" }, "personality"],
    ["missing greeting", { ...valid, greeting: undefined }, "greeting"],
    ["greeting too long", { ...valid, greeting: "x".repeat(501) }, "greeting"],
    ["bad colour", { ...valid, settings: { accentColor: "red" } }, "settings.accentColor"],
    ["short colour", { ...valid, settings: { accentColor: "#fff" } }, "settings.accentColor"],
    ["unknown key", { ...valid, owner: "me" }, "(body)"],
    ["unknown settings key", { ...valid, settings: { theme: "dark" } }, "settings"],
    ["brand_voice without brandVoice", { ...valid, personality: "brand_voice" }, "settings.brandVoice"],
    ["brand voice too long", { ...valid, settings: { brandVoice: "x".repeat(2001) } }, "settings.brandVoice"],
    ["not an object", ["a"], "(body)"],
  ])("400 invalid_body for %s, with field errors", async (_, body, field) => {
    const error = await expectError(await put("invalid", body), 400, "invalid_body");
    expect(Object.keys(error.error.details ?? {})).toContain(field);
  });

  it.each(["Acme", "-acme", "acme_support", "a".repeat(64), "caf%C3%A9"])("400 invalid_id for the slug %s", async (slug) => {
    const error = await expectError(await put(slug, valid), 400, "invalid_id");
    expect(error.error.details).toHaveProperty("agentId");
  });

  it("accepts a 63-character slug", async () => {
    expect((await put("a".repeat(63), valid)).status).toBe(201);
  });

  it("400 invalid_json for malformed JSON", async () => {
    await expectError(await adminFetch("/agents/acme-json", { method: "PUT", body: '{"name": "x",', headers: { "content-type": "application/json" } }), 400, "invalid_json");
  });

  it("413 for bodies over 256 KB", async () => {
    await expectError(await put("too-big", { ...valid, greeting: "x".repeat(300_000) }), 413, "body_too_large");
  });

  it("leaves the agent and its versions untouched when a PUT fails", async () => {
    await put("stable", valid);
    const before = await (await adminFetch("/agents/stable")).json();
    await expectError(await put("stable", { ...valid, personality: "brand_voice" }), 400, "invalid_body");
    await expectError(await adminFetch("/agents/stable", { method: "PUT", body: "not json" }), 400, "invalid_json");
    await expectError(await adminFetch("/agents/stable", { method: "PUT", json: valid, token: "wrong" }), 401, "unauthorized");
    expect(await (await adminFetch("/agents/stable")).json()).toEqual(before);
    expect((await versions("stable")).map((v) => v.version)).toEqual([1]);
  });

  it("creates nothing when the first PUT of an agent fails", async () => {
    await expectError(await put("never", { ...valid, settings: { accentColor: "blue" } }), 400, "invalid_body");
    await expectError(await adminFetch("/agents/never"), 404, "not_found");
    expect(await versions("never")).toEqual([]);
  });
});

describe("GET /api/agents/:id", () => {
  it("404 not_found for an unknown agent", async () => {
    await expectError(await adminFetch("/agents/unknown-agent"), 404, "not_found");
  });

  it("returns exactly the public agent fields", async () => {
    await put("fields", valid);
    const agent = (await (await adminFetch("/agents/fields")).json()) as Record<string, unknown>;
    expect(Object.keys(agent).sort()).toEqual(["createdAt", "greeting", "id", "name", "personality", "publishedVersion", "settings", "updatedAt"]);
  });

  it("404 for routes that do not exist, in the common error shape", async () => {
    await expectError(await adminFetch("/agents"), 404, "not_found");
    await expectError(await adminFetch("/agents/fields", { method: "DELETE" }), 404, "not_found");
  });
});
