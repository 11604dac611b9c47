/** Admin API for agents: create vs update, drafts, publish and restore, previews of the draft, version numbers. */
import { describe, expect, it } from "vitest";
import type { Agent } from "../../worker/db/agents";
import { adminFetch } from "./helpers/seed";
import { expectError, put, valid, versions } from "./support/admin-agents";

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
});
