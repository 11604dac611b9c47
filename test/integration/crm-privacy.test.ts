/**
 * GDPR export and erase of a contact, checked store by store: every D1 table, each
 * conversation's Durable Object storage, the inbox hub and the knowledge index. Erase twice,
 * erase while the visitor's socket is open, and unknown ids.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { contactChanges } from "../../worker/db/crm-schema";
import { database } from "../../worker/db/client";
import { creditCharges } from "../../worker/db/schema";
import { STAFF_ID_HEADER } from "../../worker/protocol/internal-headers";
import { inboxShard } from "../../worker/inbox/hub";
import { CLOSE_CONVERSATION_GONE } from "../../worker/protocol/events";
import { parseInboxEvent } from "../../worker/protocol/inbox-events";
import { knowledgeIndex } from "../../worker/knowledge/embedded-index";
import { adminFetch } from "./helpers/seed";
import { indexDocs } from "./support/knowledge-index";
import { conversationStub, loggedEvents } from "./support/lifecycle";
import { AGENT, person, d1RowsMentioning, durableObjectRows } from "./support/gdpr";

describe("GDPR export", () => {
  it("holds contact, values, history, hashless verifications, visitors, proven conversations with transcripts; others bare", async () => {
    const p = await person("export-person@example.com");
    p.socket.close();
    const response = await adminFetch(`/contacts/${p.contactId}/export`);
    expect(response.status).toBe(200);
    const data = (await response.json()) as Record<string, unknown> & {
      contact: { email: string; properties: Record<string, unknown> };
      history: { property: string; changedBy: string; conversationId: string | null }[];
      verifications: Record<string, unknown>[];
      visitors: { id: string }[];
      conversations: {
        id: string;
        conversation: { visitorId: string } | null;
        handoffs: unknown[];
        knowledgeGaps: { question: string }[];
        creditCharges: unknown[];
        transcript: { type: string; text?: string }[];
      }[];
      otherConversations: Record<string, unknown>[];
    };
    expect(data.contact).toMatchObject({
      id: p.contactId,
      email: p.email,
      properties: { first_name: "Quinn", company: p.company },
    });
    expect(data.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ property: "company", changedBy: "agent", conversationId: p.conversationIds[2] }),
      ]),
    );
    expect(data.verifications).toEqual([
      expect.objectContaining({ email: p.email, conversationId: p.conversationIds[2] }),
    ]);
    expect(JSON.stringify(data)).not.toContain("hash_");
    expect(data.visitors.map((v) => v.id).sort()).toEqual([...p.visitorIds].sort());
    // Only the conversation of the visitor verified as the contact is proven to be theirs: it comes with its transcript.
    const [first, second, verified] = p.conversationIds;
    expect(data.conversations.map((c) => c.id)).toEqual([verified]);
    expect(data.conversations[0]?.transcript.length).toBeGreaterThan(0);
    expect(data.conversations[0]?.conversation?.visitorId).toBe(p.visitorIds[1]);
    // The others — an address typed in the first, the same unverified visitor in the second — are listed, not exported.
    expect(data.otherConversations).toEqual(
      [
        { id: first, agentId: AGENT, linkedBy: ["conversation_contact", "visitor"] },
        { id: second, agentId: AGENT, linkedBy: ["visitor"] },
      ]
        .sort((a, b) => ((a.id ?? "") < (b.id ?? "") ? -1 : 1))
        .map((c) => ({ ...c, createdAt: expect.any(Number), updatedAt: expect.any(Number), closedAt: null })),
    );
    const exported = JSON.stringify(data);
    expect(exported).not.toContain(p.secret); // typed in the first conversation, whose contents may be someone else's
    expect(exported).not.toContain("opening hours");
  });

  it("answers unknown and erased ids with 404", async () => {
    expect((await adminFetch("/contacts/ct_AAAAAAAAAAAAAAAAAAAAAA/export")).status).toBe(404);
    expect((await adminFetch("/contacts/nope/export")).status).toBe(404);
  });
});

describe("GDPR erase", () => {
  it("erases while the visitor's socket is open and leaves nothing in D1, the conversations' storage, the inbox or the index", async () => {
    await indexDocs(AGENT);
    const p = await person("erase-person@example.com");
    const closed = new Promise<number>((resolve) =>
      p.socket.ws.addEventListener("close", (event) => resolve(event.code)),
    );
    expect(await d1RowsMentioning([p.contactId])).not.toEqual([]);
    // An open inbox is told to drop each erased conversation.
    const inbox = await inboxShard(env, AGENT).fetch("http://inbox/socket", {
      headers: { upgrade: "websocket", [STAFF_ID_HEADER]: "st_privacy" },
    });
    const inboxSocket = inbox.webSocket!;
    inboxSocket.accept();
    const removed: string[] = [];
    const allRemoved = new Promise<void>((resolve) =>
      inboxSocket.addEventListener("message", (message) => {
        const event = parseInboxEvent(String(message.data));
        if (event?.type === "conversation_removed") removed.push(event.id);
        if (p.conversationIds.every((id) => removed.includes(id))) resolve();
      }),
    );

    const response = await adminFetch(`/contacts/${p.contactId}`, { method: "DELETE" });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { id: string; erased: boolean; erasedAt: number };
    expect(result).toEqual({ id: p.contactId, erased: true, erasedAt: expect.any(Number) });
    expect(await closed).toBe(CLOSE_CONVERSATION_GONE); // the live socket was closed by the erase, for good
    await allRemoved;
    inboxSocket.close(1000, "test done");

    // D1: no row mentions the contact, its email, its visitors, its conversations or the visitor's words.
    const leftovers = await d1RowsMentioning([p.email, p.secret, p.company, ...p.visitorIds, ...p.conversationIds]);
    expect(leftovers).toEqual([]);
    // The contact's id stays only in its tombstone and in the audit log, which names what changed, never a value.
    const mentions = await d1RowsMentioning([p.contactId]);
    expect(mentions.filter((row) => !row.startsWith("audit_log: "))).toEqual([
      `erased_contacts: ${JSON.stringify({ id: p.contactId, erased_at: result.erasedAt }).toLowerCase()}`,
    ]);
    const audit = mentions.filter((row) => row.startsWith("audit_log: "));
    expect(audit.some((row) => row.includes('"action":"erase"'))).toBe(true);
    for (const row of audit) expect(row).toMatch(/"before":null,"after":(null|"\{\\"changed\\":\[[^\]]*\]\}")/);
    const charges = await database(env).select().from(creditCharges);
    expect(charges.some((c) => c.agentId === AGENT && c.conversationId.startsWith("erased_"))).toBe(true); // usage kept, link gone
    expect(await database(env).select().from(contactChanges)).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ contactId: p.contactId })]),
    );

    // Each conversation's Durable Object: every table empty, no alarm, and the transcript is gone.
    for (const id of p.conversationIds) {
      const rows = await durableObjectRows(conversationStub(id));
      expect(
        Object.values(rows).every((n) => n === 0),
        JSON.stringify(rows),
      ).toBe(true);
      expect(await runInDurableObject(conversationStub(id), (_i, state) => state.storage.getAlarm())).toBeNull();
      expect(await loggedEvents(id)).toEqual([]);
    }

    // The inbox hub keeps no storage of its own, and the knowledge index holds none of the visitor's words.
    expect(await durableObjectRows(inboxShard(env, AGENT))).toEqual({});
    expect(await runInDurableObject(inboxShard(env, AGENT), (_i, state) => state.storage.list())).toEqual(new Map());
    for (const query of [p.secret, p.email, p.company]) {
      // nearest chunks: only the agent's docs
      const hits = JSON.stringify(await knowledgeIndex(env, AGENT).search(query, 10)).toLowerCase();
      for (const word of [p.secret, p.email, "quokka"]) expect(hits).not.toContain(word);
    }

    expect((await adminFetch(`/contacts/${p.contactId}`)).status).toBe(404);
    expect(
      ((await (await adminFetch("/contacts?email=erase-person@example.com")).json()) as { items: unknown[] }).items,
    ).toEqual([]);
  });

  it("answers a repeated erase with the same 200, and an id never seen with 404", async () => {
    const p = await person("twice@example.com");
    p.socket.close();
    const first = await (await adminFetch(`/contacts/${p.contactId}`, { method: "DELETE" })).json();
    const again = await adminFetch(`/contacts/${p.contactId}`, { method: "DELETE" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    expect((await adminFetch("/contacts/ct_BBBBBBBBBBBBBBBBBBBBBB", { method: "DELETE" })).status).toBe(404);
    expect((await adminFetch("/contacts/nope", { method: "DELETE" })).status).toBe(404);
    expect((await adminFetch(`/contacts/${p.contactId}`, { method: "DELETE", token: "wrong" })).status).toBe(401);
  });

  it("finishes the job when retried after a failure halfway", async () => {
    const p = await person("retry@example.com");
    p.socket.close();
    // As if a first attempt had erased one conversation and then failed.
    await conversationStub(p.conversationIds[0] as string).erase();
    expect(await loggedEvents(p.conversationIds[0] as string)).toEqual([]);
    expect((await adminFetch(`/contacts/${p.contactId}`, { method: "DELETE" })).status).toBe(200);
    expect(await d1RowsMentioning([p.email, ...p.conversationIds, ...p.visitorIds])).toEqual([]);
    for (const id of p.conversationIds) expect(await loggedEvents(id)).toEqual([]);
  });
});
