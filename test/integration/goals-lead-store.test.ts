/**
 * A conversation's lead in D1: answers saved and replaced, the label set, the answers copied onto
 * the contact (history as the agent; unknown properties and unparsable values skipped), and the
 * GDPR erase of the contact taking the answers with its conversations; the staff inbox shows the
 * label, in its list and live.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { database } from "../../worker/db/client";
import { leadAnswers as leadAnswerRows } from "../../worker/db/lead-schema";
import { conversations } from "../../worker/db/schema";
import { copyAnswersToContact, leadAnswers, saveLeadAnswer, setLeadLabel } from "../../worker/goals/lead-store";
import { inboxShard } from "../../worker/inbox/hub";
import { parseInboxEvent } from "../../worker/protocol/inbox-events";
import { STAFF_ID_HEADER } from "../../worker/protocol/internal-headers";
import { adminFetch } from "./helpers/seed";
import { historyOf, seedContact, storedValue } from "./support/crm";
import { inboxFetch, signedInStaff } from "./support/inbox-client";

async function conversation(id: string, contactId: string | null): Promise<void> {
  const now = Date.now();
  await database(env)
    .insert(conversations)
    .values({
      id,
      agentId: "lead-store-agent",
      visitorId: `v_${id}`,
      contactId,
      channel: "live_chat",
      status: "active",
      createdAt: now,
      updatedAt: now,
    });
}

beforeAll(async () => {
  for (const [name, type, options] of [
    ["seats", "number", undefined],
    ["industry", "text", undefined],
    ["plan_tier", "enum", ["starter", "pro"]],
  ] as const) {
    const response = await adminFetch("/contact-properties", {
      method: "POST",
      json: { name, label: name, type, ...(options ? { options } : {}) },
    });
    expect([201, 409]).toContain(response.status);
  }
});

describe("lead store", () => {
  it("saves answers by criterion (a later one replaces an earlier) and labels the conversation", async () => {
    await conversation("cv_store_1", null);
    await saveLeadAnswer(
      env,
      { conversationId: "cv_store_1", criterion: 1, property: "industry", value: "retail", accepted: false },
      10,
    );
    await saveLeadAnswer(
      env,
      { conversationId: "cv_store_1", criterion: 0, property: "seats", value: "5", accepted: false },
      11,
    );
    await saveLeadAnswer(
      env,
      { conversationId: "cv_store_1", criterion: 0, property: "seats", value: "  about 30 people ", accepted: true },
      12,
    );
    expect(await leadAnswers(env, "cv_store_1")).toEqual([
      { criterion: 0, property: "seats", value: "about 30 people", accepted: true, at: 12 },
      { criterion: 1, property: "industry", value: "retail", accepted: false, at: 10 },
    ]);
    expect(await setLeadLabel(env, "cv_store_1", { label: "partially_qualified", score: 30 }, 99)).toBe(true);
    const row = await database(env).select().from(conversations).where(eq(conversations.id, "cv_store_1")).get();
    expect(row).toMatchObject({ leadLabel: "partially_qualified", leadScore: 30, leadAt: 99 });
  });

  it("copies the answers onto the contact as the agent, skipping what the properties cannot take", async () => {
    const contactId = await seedContact("lead-copy@example.com");
    await conversation("cv_store_2", contactId);
    const answers = [
      { criterion: 0, property: "seats", value: "about 30 people" },
      { criterion: 1, property: "industry", value: "Retail" },
      { criterion: 2, property: "plan_tier", value: "enterprise" }, // not an option
      { criterion: 3, property: "deleted_property", value: "x" },
      { criterion: 4, property: "email", value: "someone-else@example.com" }, // identifies the contact: never written
    ];
    for (const a of answers) await saveLeadAnswer(env, { conversationId: "cv_store_2", accepted: true, ...a });

    const result = await copyAnswersToContact(env, "cv_store_2", contactId);
    expect(result.written).toEqual(["seats", "industry"]);
    expect(result.skipped.map((s) => s.property)).toEqual(["plan_tier", "deleted_property", "email"]);
    expect(await storedValue(contactId, "seats")).toBe(30);
    expect(await storedValue(contactId, "industry")).toBe("Retail");
    expect(await storedValue(contactId, "plan_tier")).toBeNull();
    const history = await historyOf(contactId);
    expect(history.map((h) => [h.property, h.changedBy, h.conversationId])).toEqual(
      expect.arrayContaining([
        ["seats", "agent", "cv_store_2"],
        ["industry", "agent", "cv_store_2"],
      ]),
    );
    const contact = (await (await adminFetch(`/contacts/${contactId}`)).json()) as { email: string };
    expect(contact.email).toBe("lead-copy@example.com");
  });

  it("erases a contact's lead answers with its conversations", async () => {
    const contactId = await seedContact("lead-erase@example.com");
    await conversation("cv_store_3", contactId);
    await saveLeadAnswer(env, {
      conversationId: "cv_store_3",
      criterion: 0,
      property: "industry",
      value: "Quokka farming",
      accepted: true,
    });
    expect(await leadAnswers(env, "cv_store_3")).toHaveLength(1);
    expect((await adminFetch(`/contacts/${contactId}`, { method: "DELETE" })).status).toBe(200);
    const left = await database(env)
      .select()
      .from(leadAnswerRows)
      .where(eq(leadAnswerRows.conversationId, "cv_store_3"));
    expect(left).toEqual([]);
    expect(await database(env).select().from(conversations).where(eq(conversations.id, "cv_store_3"))).toEqual([]);
  });

  it("shows the label in the staff inbox: listed, and sent live to open inboxes", async () => {
    await conversation("cv_store_4", null);
    const inbox = await inboxShard(env, "lead-store-agent").fetch("http://inbox/socket", {
      headers: { upgrade: "websocket", [STAFF_ID_HEADER]: "st_lead_store" },
    });
    const socket = inbox.webSocket!;
    socket.accept();
    const labels: (string | null)[] = [];
    socket.addEventListener("message", (message) => {
      const event = parseInboxEvent(String(message.data));
      if (event?.type === "conversation" && event.conversation.id === "cv_store_4")
        labels.push(event.conversation.leadLabel);
    });
    expect(await setLeadLabel(env, "cv_store_4", { label: "qualified", score: 80 })).toBe(true);
    await vi.waitFor(() => expect(labels).toEqual(["qualified"]));
    socket.close(1000, "test done");

    const staff = await signedInStaff("lead-label@team.example", "Lea");
    const all = (await (await inboxFetch("/conversations?view=all", { cookie: staff.cookie })).json()) as {
      items: { id: string; leadLabel: string | null }[];
    };
    expect(all.items.find((c) => c.id === "cv_store_4")?.leadLabel).toBe("qualified");
    expect(all.items.find((c) => c.id === "cv_store_2")?.leadLabel).toBeNull();
  });
});
