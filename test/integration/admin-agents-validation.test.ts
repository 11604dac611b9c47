/** Admin API for agents: validation of bodies and ids, unknown agents and routes, and failures change nothing. */
import { describe, expect, it } from "vitest";
import { adminFetch } from "./helpers/seed";
import { expectError, put, valid, versions } from "./support/admin-agents";

describe("PUT /api/agents/:id", () => {
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
