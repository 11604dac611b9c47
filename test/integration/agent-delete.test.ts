/**
 * Deleting an agent: only an owner, only with its id repeated as confirmation; its knowledge
 * (chunks, vectors, uploaded files), avatars, settings, versions, secrets and short answers go,
 * its conversations stay in the inbox, the widget and new conversations get 404, the audit log
 * keeps what it was, and the id can be used again from scratch.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { knowledgeIndex } from "../../worker/knowledge/embedded-index";
import { ingestFileSource } from "../../worker/knowledge/files";
import { adminFetch } from "./helpers/seed";
import { startConversation, workerFetch } from "./support/chat-client";
import { inboxFetch, signedInStaff } from "./support/inbox-client";

const AGENT = "doomed";
const AGENT_TABLES = [
  "agent_versions",
  "agent_controls",
  "agent_secrets",
  "short_answers",
  "articles",
  "sources",
  "source_documents",
  "files",
  "knowledge_gaps",
  "visitor_verifications",
];

async function ok(path: string, init: Parameters<typeof adminFetch>[1] = {}): Promise<Record<string, any>> {
  const response = await adminFetch(path, init);
  expect(response.status, `${init.method ?? "GET"} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as Record<string, any>;
}

/** A real 1×1 PNG, as the agent's avatar. */
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="),
  (c) => c.charCodeAt(0),
);
const avatars = async () => (await env.FILES.list({ prefix: `avatars/${AGENT}/` })).objects.length;

const rowsOf = async (table: string, id = AGENT) =>
  (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE agent_id = ?`).bind(id).first<{ n: number }>())?.n;

describe("deleting an agent", () => {
  it("removes its knowledge and settings, keeps its conversations, and needs an owner and a confirmation", async () => {
    await ok(`/agents/${AGENT}`, { method: "PUT", json: { name: "Doomed", personality: "friendly", greeting: "Hi" } });
    await ok(`/agents/${AGENT}/short-answers`, { method: "POST", json: { question: "Open?", answer: "Yes." } });
    await ok(`/agents/${AGENT}/articles/returns`, {
      method: "PUT",
      json: { title: "Returns", body: "Within 30 days." },
    });
    await ok(`/agents/${AGENT}/controls`, { method: "PUT", json: { enabled: true } });
    await ok(`/agents/${AGENT}/webhook-secret`, { method: "POST" });
    const form = new FormData();
    form.append("file", new Blob(["# Warranty\n\nEvery board has a two-year warranty.\n"]), "warranty.md");
    const uploaded = await ok(`/agents/${AGENT}/files`, { method: "POST", body: form });
    const fileSource = uploaded.items[0].source;
    const avatarForm = new FormData();
    avatarForm.append("file", new Blob([PNG], { type: "image/png" }), "avatar.png");
    await ok(`/agents/${AGENT}/avatar`, { method: "POST", body: avatarForm });
    expect(await avatars()).toBe(1);
    await ingestFileSource(env, AGENT, fileSource.id);
    const fileKey = (
      await env.DB.prepare("SELECT r2_key FROM files WHERE agent_id = ?").bind(AGENT).first<{ r2_key: string }>()
    )?.r2_key as string;
    expect(await env.FILES.head(fileKey)).not.toBeNull();
    expect(await knowledgeIndex(env, AGENT).chunkCount()).toBeGreaterThan(0);
    const conversation = await startConversation(AGENT);

    // Refused: no confirmation, the wrong one, an editor, an unknown agent. Nothing goes.
    const unconfirmed = await adminFetch(`/agents/${AGENT}`, { method: "DELETE" });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.json()).toMatchObject({ error: { code: "confirmation_required" } });
    expect((await adminFetch(`/agents/${AGENT}?confirm=other`, { method: "DELETE" })).status).toBe(400);
    const editor = await ok("/keys", { method: "POST", json: { name: "Editor", role: "editor" } });
    expect(
      (await adminFetch(`/agents/${AGENT}?confirm=${AGENT}`, { method: "DELETE", token: editor.key })).status,
    ).toBe(403);
    expect((await adminFetch("/agents/nobody?confirm=nobody", { method: "DELETE" })).status).toBe(404);
    expect((await adminFetch(`/agents/${AGENT}`)).status).toBe(200);

    expect(await ok(`/agents/${AGENT}?confirm=${AGENT}`, { method: "DELETE" })).toEqual({ id: AGENT, deleted: true });

    expect((await adminFetch(`/agents/${AGENT}`)).status).toBe(404);
    for (const table of AGENT_TABLES) expect(await rowsOf(table), table).toBe(0);
    expect(await knowledgeIndex(env, AGENT).chunkCount()).toBe(0);
    expect(await env.FILES.head(fileKey)).toBeNull();
    expect(await avatars()).toBe(0);
    // Visitors: no widget, no new conversations.
    expect((await workerFetch(`/v1/agents/${AGENT}/widget-config`)).status).toBe(404);
    const start = await workerFetch(`/v1/agents/${AGENT}/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ resume: false }),
    });
    expect(start.status).toBe(404);
    // The conversation stays, and the inbox still lists it.
    expect(await rowsOf("conversations")).toBe(1);
    const staff = await signedInStaff("deletion@team.example", "Dee");
    const inbox = (await (await inboxFetch("/conversations?view=all", { cookie: staff.cookie })).json()) as {
      items: { id: string }[];
    };
    expect(inbox.items.map((item) => item.id)).toContain(conversation.conversationId);
    // The audit log keeps what was deleted, and by whom.
    const audit = await ok(`/audit?agent=${AGENT}&kind=agent`);
    expect(audit.entries[0]).toMatchObject({
      action: "delete",
      actor: { kind: "owner_token" },
      before: { name: "Doomed" },
      after: null,
    });

    // The id starts again from nothing.
    const again = await adminFetch(`/agents/${AGENT}`, {
      method: "PUT",
      json: { name: "Reborn", personality: "friendly", greeting: "Hello" },
    });
    expect(again.status).toBe(201);
    expect((await ok(`/agents/${AGENT}/short-answers`)).items).toEqual([]);
  });
});
