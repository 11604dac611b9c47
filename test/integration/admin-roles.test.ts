/**
 * Who may call which admin route: the role table covers every registered route (and names no
 * other), and over every route an API key of each role is refused (403) exactly where the table
 * says its role is not enough, and let through (to the route's own answer) everywhere else.
 * API keys: shown once, stored hashed, listed without the key, revocable, expiring, last use noted.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ROUTE_ROLES, grants } from "../../worker/access/roles";
import { adminApi } from "../../worker/api";
import { ADMIN_ROLES, type AdminRole } from "../../worker/db/access-schema";
import { adminFetch } from "./helpers/seed";

type CreatedKey = { id: string; key: string; prefix: string; role: AdminRole; name: string };

async function createKey(role: AdminRole, extra: Record<string, unknown> = {}): Promise<CreatedKey> {
  const response = await adminFetch("/keys", { method: "POST", json: { name: `${role} key`, role, ...extra } });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedKey;
}

/** A registered path with each parameter filled by a value no route knows (so no request changes anything). */
const concrete = (path: string) => path.replace(/:[a-z]+/g, "unknown-id");

describe("the role table", () => {
  it("names every admin route, and only those", () => {
    const registered = adminApi.routes
      .filter((route) => route.method !== "ALL")
      .map((route) => `${route.method} ${route.path}`);
    const table = ROUTE_ROLES.map(([method, path]) => `${method} ${path}`);
    expect(new Set(table).size).toBe(table.length); // each route once
    expect([...new Set(registered)].sort()).toEqual([...table].sort());
  });

  it("refuses each role exactly the routes that need more, on every route", async () => {
    const keys = Object.fromEntries(
      await Promise.all(ADMIN_ROLES.map(async (role) => [role, (await createKey(role)).key] as const)),
    ) as Record<AdminRole, string>;
    const wrong: string[] = [];
    for (const [method, path, needed] of ROUTE_ROLES) {
      for (const role of ADMIN_ROLES) {
        const response = await adminFetch(concrete(path), {
          method,
          token: keys[role],
          ...(method === "GET" || method === "DELETE" ? {} : { json: {} }),
        });
        const refused = response.status === 403;
        if (refused) {
          const body = (await response.json()) as { error: { code: string; details: { needed: string } } };
          expect(body.error).toMatchObject({ code: "forbidden", details: { needed } });
        } else await response.body?.cancel();
        if (response.status === 401 || refused === grants(role, needed))
          wrong.push(`${role} ${method} ${path}: ${response.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("keeps ADMIN_TOKEN an owner, and unknown routes a 404 for any valid key", async () => {
    expect((await adminFetch("/keys")).status).toBe(200);
    const viewer = await createKey("viewer");
    expect((await adminFetch("/no-such-route", { token: viewer.key })).status).toBe(404);
  });
});

describe("API keys", () => {
  it("are shown once, stored only as a hash, and listed without the key", async () => {
    const created = await createKey("editor");
    expect(created.key).toMatch(/^fdk_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const list = (await (await adminFetch("/keys")).json()) as { keys: Record<string, unknown>[] };
    const listed = list.keys.find((k) => k.id === created.id);
    expect(listed).toMatchObject({ name: "editor key", role: "editor", prefix: created.prefix, revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(created.key);
    expect(JSON.stringify(list)).not.toContain("Hash");
    const stored = await env.DB.prepare("SELECT * FROM api_keys WHERE id = ?").bind(created.id).first();
    expect(JSON.stringify(stored)).not.toContain(created.key.slice(created.prefix.length));
  });

  it("work for their role, note their last use, and stop at once when revoked", async () => {
    const created = await createKey("viewer");
    expect((await adminFetch("/agents/demo", { token: created.key })).status).not.toBe(401);
    const used = await env.DB.prepare("SELECT last_used_at FROM api_keys WHERE id = ?").bind(created.id).first();
    expect(used?.last_used_at).toEqual(expect.any(Number));
    const revoked = await adminFetch(`/keys/${created.id}`, { method: "DELETE" });
    expect(await revoked.json()).toMatchObject({ id: created.id, revokedAt: expect.any(Number) });
    expect((await adminFetch("/agents/demo", { token: created.key })).status).toBe(401);
    expect((await adminFetch("/keys/key_unknownunknownunknow1", { method: "DELETE" })).status).toBe(404);
    expect((await adminFetch("/keys/not-a-key-id", { method: "DELETE" })).status).toBe(404);
  });

  it("stop when they expire, and refuse an expiry in the past", async () => {
    const created = await createKey("owner", { expiresAt: Date.now() + 3_600_000 });
    expect((await adminFetch("/keys", { token: created.key })).status).toBe(200);
    await env.DB.prepare("UPDATE api_keys SET expires_at = ? WHERE id = ?")
      .bind(Date.now() - 1, created.id)
      .run();
    expect((await adminFetch("/keys", { token: created.key })).status).toBe(401);
    const past = await adminFetch("/keys", { method: "POST", json: { name: "old", role: "viewer", expiresAt: 1 } });
    expect(past.status).toBe(400);
    expect(await past.json()).toMatchObject({
      error: { code: "invalid_body", details: { expiresAt: expect.any(String) } },
    });
  });

  it("refuse bad bodies and keys that look like keys but are not", async () => {
    for (const json of [
      {},
      { name: "x", role: "admin" },
      { name: "", role: "viewer" },
      { name: "x", role: "viewer", extra: 1 },
    ])
      expect((await adminFetch("/keys", { method: "POST", json })).status).toBe(400);
    expect((await adminFetch("/keys", { token: "fdk_forged" })).status).toBe(401);
  });
});
