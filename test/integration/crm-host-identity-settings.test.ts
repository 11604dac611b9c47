/**
 * Host identity settings: the defaults (no legacy hashes, a one-hour JWT age), the warning when legacy
 * hashes are turned on, refused ages, and migration 0005, which kept legacy hashes on for agents that
 * had an identity secret before it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adminFetch } from "./helpers/seed";
import { ISSUER, rotate } from "./support/host-identity";

describe("identity settings", () => {
  const saveIdentity = (agentId: string, identity?: Record<string, unknown>) =>
    adminFetch(`/agents/${agentId}`, {
      method: "PUT",
      json: {
        name: "Identity settings",
        personality: "friendly",
        greeting: "Hello!",
        settings: { allowedOrigins: [ISSUER], crm: identity ? { identity } : {} },
      },
    });
  type Saved = { settings: { crm: { identity: Record<string, unknown> } }; warnings?: string[] };

  it("default to no legacy hashes and a one-hour JWT age; turning legacy hashes on answers a warning", async () => {
    const fresh = (await (await saveIdentity("crm-identity-fresh")).json()) as Saved;
    expect(fresh.settings.crm.identity).toEqual({ allowLegacyHmac: false, jwtMaxAgeSeconds: 3_600 });
    expect(fresh.warnings).toBeUndefined();
    const legacy = (await (await saveIdentity("crm-identity-legacy", { allowLegacyHmac: true })).json()) as Saved;
    expect(legacy.warnings).toEqual([expect.stringContaining("settings.crm.identity.allowLegacyHmac")]);
    for (const jwtMaxAgeSeconds of [0, 59, 86_401, 1.5]) {
      const refused = await saveIdentity("crm-identity-bad", { jwtMaxAgeSeconds });
      expect(refused.status).toBe(400);
    }
  });

  it("migration 0005 keeps legacy hashes on for agents that had an identity secret before it, and only those", async () => {
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0005_"));
    expect(migration).toBeDefined();
    const now = Date.now();
    const seed = async (id: string, settings: Record<string, unknown>, secret: boolean) => {
      const config = { name: id, personality: "friendly", greeting: "Hi", settings };
      await env.DB.batch([
        env.DB.prepare(
          "INSERT INTO agents (id, name, personality, greeting, settings, published_version, created_at, " +
            "updated_at) VALUES (?, ?, 'friendly', 'Hi', ?, 1, ?, ?)",
        ).bind(id, id, JSON.stringify(settings), now, now),
        env.DB.prepare(
          "INSERT INTO agent_versions (agent_id, version, config, created_at, published_at) VALUES (?, 1, ?, ?, ?)",
        ).bind(id, JSON.stringify(config), now, now),
      ]);
      if (secret) await rotate(id);
    };
    await seed("crm-pre-0005-secret", { crm: { identity: { jwtIssuer: ISSUER } } }, true);
    await seed("crm-pre-0005-bare", { accentColor: "#112233" }, true);
    await seed("crm-pre-0005-nosecret", {}, false);
    for (const query of migration?.queries ?? []) await env.DB.prepare(query).run();

    const identityOf = async (id: string) => {
      const agent = (await (await adminFetch(`/agents/${id}`)).json()) as {
        settings: { crm?: { identity?: Record<string, unknown> } };
      };
      const version = await env.DB.prepare("SELECT config FROM agent_versions WHERE agent_id = ?")
        .bind(id)
        .first<{ config: string }>();
      const config = JSON.parse(version?.config ?? "{}") as { settings: { crm?: { identity?: unknown } } };
      expect(config.settings.crm?.identity).toEqual(agent.settings.crm?.identity);
      return agent.settings.crm?.identity;
    };
    expect(await identityOf("crm-pre-0005-secret")).toEqual({ jwtIssuer: ISSUER, allowLegacyHmac: true });
    expect(await identityOf("crm-pre-0005-bare")).toEqual({ allowLegacyHmac: true });
    expect(await identityOf("crm-pre-0005-nosecret")).toBeUndefined();
  });
});
