/**
 * The backup routes: the transcript export pages through every conversation with its log, validates
 * cursor and limit, needs an owner and leaves an audit entry per page; the object list names the stored
 * files; the secrets check names a sealed value no configured key opens (never a value); the rebuild
 * re-indexes published articles after the index was lost.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../worker/audit/audit-log";
import { database } from "../../worker/db/client";
import { agentSecrets, sourceDocuments } from "../../worker/db/schema";
import { adminFetch } from "./helpers/seed";
import { startConversation } from "./support/chat-client";

const AGENT = "backup-agent";
type Page = {
  conversations: Array<{ id: string; agentId: string; events: Array<{ seq: number }> }>;
  nextCursor: string | null;
};

async function ok(path: string, init: Parameters<typeof adminFetch>[1] = {}): Promise<Record<string, any>> {
  const response = await adminFetch(path, init);
  expect(response.status, `${init.method ?? "GET"} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return response.status === 204 ? {} : ((await response.json()) as Record<string, any>);
}

async function publishedAgent(): Promise<void> {
  const saved = await ok(`/agents/${AGENT}`, {
    method: "PUT",
    json: { name: "Backed up", personality: "friendly", greeting: "Hi" },
  });
  if (saved.draft) await ok(`/agents/${AGENT}/publish`, { method: "POST" }); // a new agent goes live at once
}

async function errorOf(path: string, init: Parameters<typeof adminFetch>[1] = {}) {
  const response = await adminFetch(path, init);
  return { status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code };
}

describe("the transcript export", () => {
  it("pages through every conversation with its events, and audits each page", async () => {
    await publishedAgent();
    const started = [];
    for (let i = 0; i < 3; i++) started.push((await startConversation(AGENT, undefined, false)).conversationId);
    const since = Date.now();

    const seen: Page["conversations"] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = (await ok(`/backup/transcripts?limit=2${cursor ? `&cursor=${cursor}` : ""}`)) as Page;
      expect(page.conversations.length).toBeLessThanOrEqual(2);
      seen.push(...page.conversations);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);

    const ours = seen.filter((c) => c.agentId === AGENT);
    expect(ours.map((c) => c.id).sort()).toEqual([...started].sort());
    expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length); // no conversation twice
    const [first] = ours;
    const log = await env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(first?.id ?? "")).events(0);
    expect(first?.events).toEqual(JSON.parse(JSON.stringify(log)));

    const { entries } = (await ok(`/audit?kind=backup&from=${since}`)) as { entries: AuditEntry[] };
    const exports = entries.filter((entry) => entry.action === "export_transcripts");
    expect(exports).toHaveLength(pages);
    expect(exports.every((entry) => entry.actor.kind === "owner_token")).toBe(true);
    const total = exports.reduce((sum, entry) => sum + (entry.after as { conversations: number }).conversations, 0);
    expect(total).toBe(seen.length);
  });

  it("refuses an unknown cursor, a bad limit and an unknown parameter with 400", async () => {
    expect(await errorOf("/backup/transcripts?cursor=conv_nobody")).toEqual({ status: 400, code: "invalid_query" });
    expect(await errorOf("/backup/transcripts?limit=0")).toEqual({ status: 400, code: "invalid_query" });
    expect(await errorOf("/backup/transcripts?limit=51")).toEqual({ status: 400, code: "invalid_query" });
    expect(await errorOf("/backup/transcripts?limit=two")).toEqual({ status: 400, code: "invalid_query" });
    expect(await errorOf("/backup/transcripts?everything=1")).toEqual({ status: 400, code: "invalid_query" });
  });

  it("is refused to an editor's key", async () => {
    const editor = await ok("/keys", { method: "POST", json: { name: "Backup editor", role: "editor" } });
    for (const path of ["/backup/transcripts", "/backup/objects", "/backup/secrets"])
      expect((await adminFetch(path, { token: editor.key })).status).toBe(403);
    expect((await adminFetch("/backup/reindex", { method: "POST", token: editor.key })).status).toBe(403);
  });
});

describe("the other backup routes", () => {
  it("lists stored files with their type", async () => {
    await publishedAgent();
    await env.FILES.put(`avatars/${AGENT}/listed.png`, new Uint8Array([1, 2, 3]), {
      httpMetadata: { contentType: "image/png" },
    });
    const keys: Array<{ key: string; size: number; contentType: string | null }> = [];
    let cursor: string | null = null;
    do {
      const page = (await ok(`/backup/objects?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)) as {
        objects: typeof keys;
        nextCursor: string | null;
      };
      keys.push(...page.objects);
      cursor = page.nextCursor;
    } while (cursor);
    expect(keys).toContainEqual({ key: `avatars/${AGENT}/listed.png`, size: 3, contentType: "image/png" });
  });

  it("names a stored secret no configured key opens, without its value", async () => {
    await publishedAgent();
    const { secret } = await ok(`/agents/${AGENT}/webhook-secret`, { method: "POST" });
    const readable = await ok("/backup/secrets");
    expect(readable.unreadable.filter((s: { agentId: string }) => s.agentId === AGENT)).toEqual([]);

    // As a restore under another SECRETS_KEY finds it: sealed by a key this deployment does not have.
    await database(env)
      .update(agentSecrets)
      .set({ value: "v1.AAAAAAAAAAA.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAA" })
      .where(eq(agentSecrets.agentId, AGENT));
    const response = await adminFetch("/backup/secrets");
    const text = await response.text();
    expect(text).not.toContain(secret);
    const { unreadable } = JSON.parse(text) as { unreadable: Array<Record<string, string>> };
    expect(unreadable.filter((s) => s.agentId === AGENT)).toEqual([
      {
        kind: "agent_secret",
        agentId: AGENT,
        name: "webhook_signing",
        code: "secret_key_unknown",
        setAgain: `POST /api/agents/${AGENT}/webhook-secret (rotate)`,
      },
    ]);
  });

  it("rebuilds the index of published articles, and the rebuild is audited", async () => {
    await publishedAgent();
    await ok(`/agents/${AGENT}/articles/returns`, {
      method: "PUT",
      json: { title: "Returns", body: "Returns are free within 30 days.", url: null, published: true },
    });
    const db = database(env);
    const indexed = () => db.select().from(sourceDocuments).where(eq(sourceDocuments.agentId, AGENT)).all();
    expect((await indexed()).map((d) => d.id)).toContain("returns");
    await db.delete(sourceDocuments).where(eq(sourceDocuments.agentId, AGENT)); // as if D1 knew nothing
    const since = Date.now();

    const report = await ok("/backup/reindex", { method: "POST" });
    expect(report.articlesIndexed).toBeGreaterThanOrEqual(1);
    expect((await indexed()).map((d) => d.id)).toContain("returns");
    const { entries } = (await ok(`/audit?kind=backup&from=${since}`)) as { entries: AuditEntry[] };
    expect(entries.map((entry) => entry.action)).toContain("reindex");
  });
});
