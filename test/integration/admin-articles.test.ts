/** Admin API for articles: create vs replace, list without bodies, read, delete, validation. */
import { beforeAll, describe, expect, it } from "vitest";
import type { Article, ArticleSummary } from "../../worker/db/articles";
import { adminFetch } from "./helpers/seed";

type ErrorResponse = { error: { code: string; message: string; details?: Record<string, string> } };

const AGENT = "kb-agent";
const base = `/agents/${AGENT}/articles`;
const article = {
  title: "Returns policy",
  body: "# Returns policy\n\nReturn within 30 days.",
  url: "https://acme.example/help/returns",
};

const put = (id: string, json: unknown, agentId = AGENT) =>
  adminFetch(`/agents/${agentId}/articles/${id}`, { method: "PUT", json });

async function list(): Promise<ArticleSummary[]> {
  return ((await (await adminFetch(base)).json()) as { items: ArticleSummary[] }).items;
}

async function expectError(response: Response, status: number, code: string): Promise<ErrorResponse> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as ErrorResponse;
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
  return body;
}

beforeAll(async () => {
  for (const id of [AGENT, "kb-other"]) {
    const response = await adminFetch(`/agents/${id}`, {
      method: "PUT",
      json: { name: id, personality: "professional", greeting: "Hello" },
    });
    expect(response.ok).toBe(true);
  }
});

describe("articles", () => {
  it("creates (201), replaces (200), reads, lists without bodies and deletes (204)", async () => {
    const created = await put("returns", article);
    expect(created.status).toBe(201);
    const first = (await created.json()) as Article;
    expect(first).toMatchObject({ id: "returns", ...article });

    const replaced = await put("returns", { title: "Returns", body: "Thirty days." });
    expect(replaced.status).toBe(200);
    const second = (await replaced.json()) as Article;
    expect(second).toMatchObject({
      id: "returns",
      title: "Returns",
      body: "Thirty days.",
      url: null,
      createdAt: first.createdAt,
    });

    const read = await adminFetch(`${base}/returns`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(second);

    await put("a-first", { title: "First", body: "b", url: "http://acme.example/a" });
    const items = await list();
    expect(items.map((i) => i.id)).toEqual(["a-first", "returns"]);
    for (const item of items)
      expect(Object.keys(item).sort()).toEqual(["createdAt", "id", "published", "title", "updatedAt", "url"]);

    expect((await adminFetch(`${base}/returns`, { method: "DELETE" })).status).toBe(204);
    await expectError(await adminFetch(`${base}/returns`), 404, "not_found");
    await expectError(await adminFetch(`${base}/returns`, { method: "DELETE" }), 404, "not_found");
    expect((await list()).map((i) => i.id)).toEqual(["a-first"]);
  });

  it("keeps articles per agent: the same id under two agents is two articles", async () => {
    expect((await put("shared", article)).status).toBe(201);
    expect((await put("shared", { ...article, title: "Other" }, "kb-other")).status).toBe(201);
    expect(((await (await adminFetch(`${base}/shared`)).json()) as Article).title).toBe(article.title);
  });

  it("404 for unknown articles and unknown agents on every route", async () => {
    await expectError(await adminFetch(`${base}/nope`), 404, "not_found");
    await expectError(await adminFetch("/agents/ghost/articles"), 404, "not_found");
    await expectError(await adminFetch("/agents/ghost/articles/x"), 404, "not_found");
    await expectError(await put("x", article, "ghost"), 404, "not_found");
    await expectError(await adminFetch("/agents/ghost/articles/x", { method: "DELETE" }), 404, "not_found");
  });

  it.each([
    ["missing title", { body: "b" }, "title"],
    ["title too long", { title: "t".repeat(201), body: "b" }, "title"],
    ["empty body", { title: "t", body: "" }, "body"],
    ["body too long", { title: "t", body: "b".repeat(200_001) }, "body"],
    ["a relative url", { title: "t", body: "b", url: "/help/returns" }, "url"],
    ["a javascript: url", { title: "t", body: "b", url: "javascript:alert(1)" }, "url"],
    ["an ftp url", { title: "t", body: "b", url: "ftp://acme.example/file" }, "url"],
    ["unknown key", { title: "t", body: "b", private: true }, "(body)"],
  ])("400 invalid_body for %s and nothing is stored", async (_, json, field) => {
    const error = await expectError(await put("invalid", json), 400, "invalid_body");
    expect(Object.keys(error.error.details ?? {})).toContain(field);
    await expectError(await adminFetch(`${base}/invalid`), 404, "not_found");
  });

  it("400 invalid_id for bad article slugs", async () => {
    for (const slug of ["Returns", "-x", "a_b", "b".repeat(129)]) {
      const error = await expectError(await put(slug, article), 400, "invalid_id");
      expect(error.error.details).toHaveProperty("articleId");
    }
    expect((await put("b".repeat(128), article)).status).toBe(201);
  });

  it("400 invalid_json for malformed JSON, leaving the article as it was", async () => {
    await put("kept", article);
    const before = await (await adminFetch(`${base}/kept`)).json();
    await expectError(await adminFetch(`${base}/kept`, { method: "PUT", body: "{" }), 400, "invalid_json");
    await expectError(await put("kept", { title: "", body: "changed" }), 400, "invalid_body");
    expect(await (await adminFetch(`${base}/kept`)).json()).toEqual(before);
  });
});
