/**
 * The audit log: every route that changes something is recorded (or listed as changing nothing);
 * each kind of change made through the admin API leaves one entry naming who made it, with the
 * state before and after — secrets redacted, contacts only by which properties changed, so an
 * erased contact leaves no personal data behind; a refused change leaves none; the log is read with
 * filters and cursor paging.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ROUTE_ROLES } from "../../worker/access/roles";
import type { AuditEntry } from "../../worker/audit/audit-log";
import { AUDITED_ROUTES, CHANGES_NOTHING } from "../../worker/audit/audited-routes";
import { adminFetch } from "./helpers/seed";

type Page = { entries: AuditEntry[]; nextCursor: string | null };

async function call(path: string, init: Parameters<typeof adminFetch>[1] = {}): Promise<Record<string, any>> {
  const response = await adminFetch(path, init);
  expect(response.status, `${init.method ?? "GET"} ${path}: ${response.status}`).toBeLessThan(300);
  return response.status === 204 ? {} : ((await response.json()) as Record<string, any>);
}

async function audit(query: string): Promise<Page> {
  const response = await adminFetch(`/audit?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
}

describe("the audit log", () => {
  it("covers every route that changes something", () => {
    const writes = ROUTE_ROLES.filter(([method]) => method !== "GET").map(([method, path]) => `${method} ${path}`);
    const unaccounted = writes.filter((route) => !AUDITED_ROUTES.has(route) && !CHANGES_NOTHING.has(route));
    expect(unaccounted).toEqual([]);
    const stale = [...AUDITED_ROUTES.keys(), ...CHANGES_NOTHING].filter((route) => !writes.includes(route));
    expect(stale).toEqual([]);
  });

  it("records each kind of change with who made it, before and after, secrets redacted", async () => {
    const editor = await call("/keys", { method: "POST", json: { name: "Docs team", role: "editor" } });
    const asEditor = { token: editor.key as string };
    const agent = "audited";
    const since = Date.now();

    await call(`/agents/${agent}`, {
      method: "PUT",
      json: { name: "Audited", personality: "friendly", greeting: "Hi" },
    });
    await call(`/agents/${agent}`, {
      method: "PUT",
      json: { name: "Audited", personality: "friendly", greeting: "Hello there" },
      ...asEditor,
    });
    await call(`/agents/${agent}/publish`, { method: "POST", ...asEditor });
    await call(`/agents/${agent}/controls`, { method: "PUT", json: { enabled: false } });
    const secret = await call(`/agents/${agent}/webhook-secret`, { method: "POST" });
    const answer = await call(`/agents/${agent}/short-answers`, {
      method: "POST",
      json: { question: "Open?", answer: "Yes." },
      ...asEditor,
    });
    await call(`/agents/${agent}/short-answers/${answer.id}`, {
      method: "PUT",
      json: { question: "Open on Sundays?", answer: "No." },
      ...asEditor,
    });
    await call(`/agents/${agent}/short-answers/${answer.id}`, { method: "DELETE", ...asEditor });
    await call(`/agents/${agent}/articles/returns`, { method: "PUT", json: { title: "Returns", body: "30 days." } });
    await call(`/agents/${agent}/articles/returns`, { method: "DELETE" });
    const form = new FormData();
    form.append("file", new Blob(["# Warranty\n\nTwo years.\n"]), "warranty.md");
    const uploaded = await call(`/agents/${agent}/files`, { method: "POST", body: form });
    const source = uploaded.items[0].source;
    await call(`/agents/${agent}/sources/${source.id}`, { method: "PATCH", json: { private: true } });
    await call("/contact-properties", { method: "POST", json: { name: "tier", label: "Tier", type: "text" } });
    await call("/contact-properties/tier", { method: "PATCH", json: { label: "Customer tier" } });
    const contact = await call("/contacts", {
      method: "POST",
      json: { email: "ada@example.com", properties: { first_name: "Ada", tier: "gold" } },
      ...asEditor,
    });
    await call(`/contacts/${contact.id}`, { method: "PATCH", json: { properties: { company: "Analytical Engines" } } });
    const invited = await call("/staff", { method: "POST", json: { email: "sam@example.com", name: "Sam" } });
    await call(`/staff/${invited.staff.id}`, { method: "PATCH", json: { name: "Samuel" } });
    const team = await call("/teams", { method: "POST", json: { name: "Billing", memberIds: [invited.staff.id] } });
    await call(`/teams/${team.id}`, { method: "PUT", json: { name: "Billing and refunds", memberIds: [] } });
    await call(`/teams/${team.id}`, { method: "DELETE" });
    await call(`/staff/${invited.staff.id}`, { method: "DELETE" });
    await call("/contact-properties/tier", { method: "DELETE" });
    await call(`/keys/${editor.id}`, { method: "DELETE" });

    const { entries } = await audit(`from=${since}&limit=100`);
    const seen = entries.map((e) => `${e.kind} ${e.action}`).reverse();
    expect(seen).toEqual([
      "agent create",
      "agent update",
      "agent publish",
      "controls update",
      "secret rotate",
      "short_answer create",
      "short_answer update",
      "short_answer delete",
      "article create",
      "article delete",
      "file upload",
      "source update",
      "contact_property create",
      "contact_property update",
      "contact create",
      "contact update",
      "staff invite",
      "staff update",
      "team create",
      "team update",
      "team delete",
      "staff delete",
      "contact_property delete",
      "api_key revoke",
    ]);
    const find = (kind: string, action: string) => entries.find((e) => e.kind === kind && e.action === action);

    // Who: the editor's key for its changes, the owner token for the rest.
    expect(find("agent", "update")?.actor).toEqual({ kind: "api_key", id: editor.id, name: "Docs team" });
    expect(find("controls", "update")?.actor).toEqual({ kind: "owner_token", id: null, name: null });
    // What, before and after.
    expect(find("agent", "update")).toMatchObject({
      agentId: agent,
      targetId: agent,
      before: { greeting: "Hi" },
      after: { draft: { greeting: "Hello there" } },
    });
    expect(find("short_answer", "update")).toMatchObject({
      targetId: answer.id,
      before: { question: "Open?" },
      after: { question: "Open on Sundays?" },
    });
    expect(find("short_answer", "delete")).toMatchObject({ before: { question: "Open on Sundays?" }, after: null });
    expect(find("source", "update")).toMatchObject({
      targetId: source.id,
      before: { private: false },
      after: { private: true },
    });
    expect(find("team", "update")).toMatchObject({
      before: { name: "Billing" },
      after: { name: "Billing and refunds" },
    });
    // Secrets never: not the rotated secret, not an invitation link, not a key.
    expect(find("secret", "rotate")).toMatchObject({ targetId: "webhook-secret", before: null, after: null });
    expect(find("staff", "invite")?.after).toMatchObject({ invitationUrl: "[redacted]" });
    const log = JSON.stringify(entries);
    expect(log).not.toContain(secret.secret);
    expect(log).not.toContain(invited.invitationUrl);
    expect(log).not.toContain(editor.key);
    // Contacts: which properties changed, never their values.
    expect(find("contact", "create")).toMatchObject({
      targetId: contact.id,
      before: null,
      after: { changed: ["first_name", "tier"] },
    });
    expect(find("contact", "update")?.after).toEqual({ changed: ["company"] });
    for (const value of ["Ada", "gold", "Analytical Engines", "ada@example.com"]) expect(log).not.toContain(value);
  });

  it("records an erase without personal data, and nothing for a refused change", async () => {
    const contact = await call("/contacts", { method: "POST", json: { email: "grace@example.com" } });
    await call(`/contacts/${contact.id}`, { method: "DELETE" });
    const erased = (await audit("kind=contact")).entries.find((e) => e.action === "erase");
    expect(erased).toMatchObject({ targetId: contact.id, before: null, after: null });
    const rows = await env.DB.prepare("SELECT * FROM audit_log").all();
    expect(JSON.stringify(rows.results)).not.toContain("grace@example.com");

    const before = (await audit("limit=100")).entries.length;
    expect((await adminFetch("/agents/audited-bad", { method: "PUT", json: { name: "" } })).status).toBe(400);
    const viewer = await call("/keys", { method: "POST", json: { name: "Reader", role: "viewer" } });
    expect((await adminFetch("/contact-properties", { method: "POST", json: {}, token: viewer.key })).status).toBe(403);
    expect((await audit("limit=100")).entries.length).toBe(before + 1); // only the key's creation
  });

  it("filters by actor, agent, kind and time, and pages by cursor without gaps or repeats", async () => {
    const key = await call("/keys", { method: "POST", json: { name: "Pager", role: "editor" } });
    const agent = "audit-paged";
    await call(`/agents/${agent}`, { method: "PUT", json: { name: "Paged", personality: "friendly", greeting: "Hi" } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const item = await call(`/agents/${agent}/short-answers`, {
        method: "POST",
        json: { question: `Question ${i}?`, answer: "Yes." },
        token: key.key,
      });
      ids.push(item.id);
    }
    const byKey = await audit(`actor=${key.id}`);
    expect(byKey.entries.map((e) => e.targetId)).toEqual([...ids].reverse());
    expect((await audit(`agent=${agent}&kind=agent`)).entries.map((e) => e.action)).toEqual(["create"]);
    expect(
      (await audit("actor=owner_token&kind=short_answer")).entries.every((e) => e.actor.kind === "owner_token"),
    ).toBe(true);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await audit(`agent=${agent}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.entries.length).toBeLessThanOrEqual(2);
      paged.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    const whole = (await audit(`agent=${agent}&limit=100`)).entries;
    expect(paged).toEqual(whole.map((e) => e.id));
    expect(whole).toHaveLength(6);
    expect(whole.map((e) => e.at)).toEqual([...whole.map((e) => e.at)].sort((a, b) => b - a));

    const last = whole.at(-1) as AuditEntry;
    expect((await audit(`agent=${agent}&to=${last.at}`)).entries.every((e) => e.at <= last.at)).toBe(true);
    expect((await audit(`agent=${agent}&from=${Date.now() + 60_000}`)).entries).toEqual([]);
    for (const bad of ["cursor=nonsense", "limit=0", "limit=101", "from=yesterday", "unknown=1"])
      expect((await adminFetch(`/audit?${bad}`)).status, bad).toBe(400);
  });
});
