/** Admin API for agents: validation, create vs update, drafts, publish and restore, failures change nothing. */
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
  const { results } = await env.DB.prepare(
    "select version, config, published_at from agent_versions where agent_id = ? order by version",
  )
    .bind(agentId)
    .all<{ version: number; config: string; published_at: number | null }>();
  return results.map((row) => ({
    version: row.version,
    config: JSON.parse(row.config) as unknown,
    publishedAt: row.published_at,
  }));
}

async function expectError(response: Response, status: number, code: string): Promise<ErrorResponse> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as ErrorResponse;
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  return body;
}

describe("PUT /api/agents/:id", () => {
  it("creates and publishes a new agent (201); edits make a draft (200) until published", async () => {
    const created = await put("acme", valid);
    expect(created.status).toBe(201);
    const first = (await created.json()) as Agent & { draft: unknown };
    expect(first).toMatchObject({ id: "acme", ...valid, publishedVersion: 1, draft: null });
    expect(first.createdAt).toBe(first.updatedAt);

    const updated = await put("acme", { ...valid, name: "Acme Help", settings: {} });
    expect(updated.status).toBe(200);
    const second = (await updated.json()) as Agent & { draft: Record<string, unknown> };
    expect(second).toMatchObject({ id: "acme", name: "Acme Support", publishedVersion: 1 }); // still live: the old one
    expect(second.draft).toMatchObject({ version: 2, name: "Acme Help", settings: {} });

    const stored = await versions("acme");
    expect(stored.map((v) => v.version)).toEqual([1, 2]);
    expect(stored[0]?.config).toEqual(valid);
    expect(stored[1]?.config).toEqual({ ...valid, name: "Acme Help", settings: {} });
    expect(stored.map((v) => typeof v.publishedAt)).toEqual(["number", "object"]);

    const published = await adminFetch("/agents/acme/publish", { method: "POST" });
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({ name: "Acme Help", publishedVersion: 2, draft: null });
    await expectError(await adminFetch("/agents/acme/publish", { method: "POST" }), 409, "nothing_to_publish");
    const read = (await (await adminFetch("/agents/acme")).json()) as Agent;
    expect(read).toMatchObject({ name: "Acme Help", publishedVersion: 2, createdAt: first.createdAt });
  });

  it("restores an earlier published version as a new published one, and refuses drafts and unknown versions", async () => {
    await put("restorable", valid);
    await put("restorable", { ...valid, name: "Second" });
    await adminFetch("/agents/restorable/publish", { method: "POST" });
    await put("restorable", { ...valid, name: "Never published" });
    await expectError(
      await adminFetch("/agents/restorable/restore", { method: "POST", json: { version: 3 } }),
      409,
      "never_published",
    );
    await expectError(
      await adminFetch("/agents/restorable/restore", { method: "POST", json: { version: 99 } }),
      404,
      "not_found",
    );
    await expectError(
      await adminFetch("/agents/restorable/restore", { method: "POST", json: { version: "1" } }),
      400,
      "invalid_body",
    );
    const restored = await adminFetch("/agents/restorable/restore", { method: "POST", json: { version: 1 } });
    expect(restored.status).toBe(200);
    expect(await restored.json()).toMatchObject({ name: "Acme Support", publishedVersion: 4, draft: null });
    const list = (await (await adminFetch("/agents/restorable/versions")).json()) as {
      items: { version: number; live: boolean; publishedAt: number | null }[];
    };
    expect(list.items.map((v) => [v.version, v.live, v.publishedAt !== null])).toEqual([
      [4, true, true],
      [3, false, false],
      [2, false, true],
      [1, false, true],
    ]);
  });

  it("previews and batch-tests the draft, while visitors get the published configuration", async () => {
    await put("drafty", { name: "Drafty", personality: "friendly", greeting: "Hi" });
    await adminFetch("/agents/drafty/articles/hours", {
      method: "PUT",
      json: { title: "Opening hours", body: "We are open from nine to five on weekdays." },
    });
    await put("drafty", {
      name: "Drafty",
      personality: "friendly",
      greeting: "Hi",
      settings: { handoff: { afterAbstentions: 1 } },
    });
    const config = (await (await adminFetch("/agents/drafty")).json()) as {
      settings: Record<string, unknown>;
      draft: { settings: Record<string, unknown> };
    };
    expect(config.settings).toEqual({});
    expect(config.draft.settings).toMatchObject({ handoff: { afterAbstentions: 1 } });
    const preview = (await (
      await adminFetch("/agents/drafty/preview", { method: "POST", json: { message: "When are you open?" } })
    ).json()) as { version: number; answer: string };
    expect(preview.version).toBe(2); // the draft
    expect(preview.answer).toContain("nine to five");
    const batch = (await (
      await adminFetch("/agents/drafty/tests", {
        method: "POST",
        json: { questions: [{ question: "When are you open?", expectPhrase: "nine" }] },
      })
    ).json()) as { version: number; summary: { passed: number } };
    expect(batch).toMatchObject({ version: 2, summary: { passed: 1 } });
    await adminFetch("/agents/drafty/publish", { method: "POST" });
    expect(
      (
        (await (
          await adminFetch("/agents/drafty/preview", { method: "POST", json: { message: "When are you open?" } })
        ).json()) as { version: number }
      ).version,
    ).toBe(2); // published now, no draft
  });

  it("defaults settings to {} and accepts brand_voice with a brand voice", async () => {
    const plain = await put("no-settings", { name: "N", personality: "witty", greeting: "Yo" });
    expect(((await plain.json()) as Agent).settings).toEqual({});
    const branded = await put("branded", {
      name: "B",
      personality: "brand_voice",
      greeting: "Hello",
      settings: { brandVoice: "Calm and precise." },
    });
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
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) => put("busy", { ...valid, name: `Busy ${i}` })),
    );
    expect(responses.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
    expect((await versions("busy")).map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    const agent = (await (await adminFetch("/agents/busy")).json()) as Agent & { draft: { version: number } | null };
    expect(agent.publishedVersion).toBe((await versions("busy")).find((v) => v.publishedAt !== null)?.version);
    expect((await versions("busy")).filter((v) => v.publishedAt !== null)).toHaveLength(1); // only the creating save went live
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
    ["guidelines not an object", { ...valid, settings: { guidelines: "be nice" } }, "settings.guidelines"],
    ["unknown guideline kind", { ...valid, settings: { guidelines: { mood: "happy" } } }, "settings.guidelines"],
    [
      "unknown answer length",
      { ...valid, settings: { guidelines: { responseStyle: { length: "epic" } } } },
      "settings.guidelines.responseStyle.length",
    ],
    [
      "unknown frustration handling",
      { ...valid, settings: { guidelines: { frustratedVisitors: { handling: "ignore" } } } },
      "settings.guidelines.frustratedVisitors.handling",
    ],
    [
      "too many scripts",
      {
        ...valid,
        settings: {
          guidelines: {
            scripts: Array.from({ length: 31 }, (_, i) => ({
              situation: `Case ${i}`,
              keywords: ["case"],
              reply: "Reply.",
            })),
          },
        },
      },
      "settings.guidelines.scripts",
    ],
    [
      "script without a reply",
      { ...valid, settings: { guidelines: { scripts: [{ situation: "Damaged", keywords: ["broken"] }] } } },
      "settings.guidelines.scripts.0.reply",
    ],
    [
      "script nothing recognises",
      { ...valid, settings: { guidelines: { scripts: [{ situation: "Damaged", reply: "Send a photo." }] } } },
      "settings.guidelines.scripts.0.keywords",
    ],
    [
      "script reply too long",
      {
        ...valid,
        settings: {
          guidelines: { scripts: [{ situation: "Damaged", keywords: ["broken"], reply: "x".repeat(1001) }] },
        },
      },
      "settings.guidelines.scripts.0.reply",
    ],
    [
      "too many instructions",
      { ...valid, settings: { guidelines: { instructions: Array.from({ length: 21 }, () => "Be kind.") } } },
      "settings.guidelines.instructions",
    ],
    [
      "instruction too long",
      { ...valid, settings: { guidelines: { instructions: ["x".repeat(301)] } } },
      "settings.guidelines.instructions.0",
    ],
    [
      "too many topics",
      {
        ...valid,
        settings: {
          guidelines: {
            topicsToAvoid: Array.from({ length: 31 }, (_, i) => ({
              topic: `Topic ${i}`,
              keywords: ["x1"],
              handling: "handoff",
            })),
          },
        },
      },
      "settings.guidelines.topicsToAvoid",
    ],
    ["unknown phrase", { ...valid, settings: { phrases: { farewell: "Bye" } } }, "settings.phrases"],
    ["phrase too long", { ...valid, settings: { phrases: { abstain: "x".repeat(301) } } }, "settings.phrases.abstain"],
    [
      "image host with a scheme",
      { ...valid, settings: { allowedImageHosts: ["https://images.example.com"] } },
      "settings.allowedImageHosts.0",
    ],
    [
      "too many image hosts",
      { ...valid, settings: { allowedImageHosts: Array.from({ length: 21 }, (_, i) => `cdn${i}.example.com`) } },
      "settings.allowedImageHosts",
    ],
  ])("400 invalid_body for %s, with field errors", async (_, body, field) => {
    const error = await expectError(await put("invalid", body), 400, "invalid_body");
    expect(Object.keys(error.error.details ?? {})).toContain(field);
  });

  it.each(["Acme", "-acme", "acme_support", "a".repeat(64), "caf%C3%A9"])(
    "400 invalid_id for the slug %s",
    async (slug) => {
      const error = await expectError(await put(slug, valid), 400, "invalid_id");
      expect(error.error.details).toHaveProperty("agentId");
    },
  );

  it("accepts a 63-character slug", async () => {
    expect((await put("a".repeat(63), valid)).status).toBe(201);
  });

  it("400 invalid_json for malformed JSON", async () => {
    await expectError(
      await adminFetch("/agents/acme-json", {
        method: "PUT",
        body: '{"name": "x",',
        headers: { "content-type": "application/json" },
      }),
      400,
      "invalid_json",
    );
  });

  it("413 for bodies over 256 KB", async () => {
    await expectError(await put("too-big", { ...valid, greeting: "x".repeat(300_000) }), 413, "body_too_large");
  });

  it("leaves the agent and its versions untouched when a PUT fails", async () => {
    await put("stable", valid);
    const before = await (await adminFetch("/agents/stable")).json();
    await expectError(await put("stable", { ...valid, personality: "brand_voice" }), 400, "invalid_body");
    await expectError(await put("stable", { ...valid, personality: "pirate" }), 400, "invalid_body");
    await expectError(
      await put("stable", { ...valid, settings: { guidelines: { scripts: [{ situation: "x" }] } } }),
      400,
      "invalid_body",
    );
    await expectError(await adminFetch("/agents/stable", { method: "PUT", body: "not json" }), 400, "invalid_json");
    await expectError(
      await adminFetch("/agents/stable", { method: "PUT", json: valid, token: "wrong" }),
      401,
      "unauthorized",
    );
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
    expect(Object.keys(agent).sort()).toEqual([
      "createdAt",
      "draft",
      "greeting",
      "id",
      "name",
      "personality",
      "publishedVersion",
      "settings",
      "unpublishedAt",
      "updatedAt",
    ]);
  });

  it("404 for routes that do not exist, in the common error shape", async () => {
    await expectError(await adminFetch("/agent"), 404, "not_found");
    await expectError(await adminFetch("/agents", { method: "POST", json: {} }), 404, "not_found");
    await expectError(await adminFetch("/agents/fields", { method: "PATCH", json: {} }), 404, "not_found");
  });
});
