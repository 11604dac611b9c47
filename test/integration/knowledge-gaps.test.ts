/**
 * Knowledge gaps from real conversations: questions the agent could not answer are recorded after
 * the turn, grouped with their paraphrases (counts and example conversations), turned into a short
 * answer in one call (the group is then fixed, and the next visitor gets the answer), or into an
 * unpublished article draft; a gap is also fixed when a later conversation answers the same question.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { GapGroup } from "../../worker/analytics/knowledge-gaps";
import { knowledgeGaps } from "../../worker/db/analytics-schema";
import { database } from "../../worker/db/client";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";
import { completes, lifecycleAgent } from "./support/lifecycle";

const UNANSWERED = [
  "Can I pay with bitcoin?",
  "do you accept bitcoin payments",
  "Paying with bitcoin possible?",
  "Is there a student discount?",
];

async function askIn(agentId: string, text: string): Promise<{ conversationId: string; reply: string }> {
  const { conversationId, visitorToken } = await startConversation(agentId);
  const socket = await ChatSocket.open(conversationId, visitorToken);
  socket.send({ type: "message", id: "m1", text });
  await socket.waitForReplies(1);
  socket.close();
  return { conversationId, reply: completes(socket.events)[0]?.text ?? "" };
}

const gapRows = (agentId: string) =>
  database(env).select().from(knowledgeGaps).where(eq(knowledgeGaps.agentId, agentId));
const groups = async (agentId: string, status = "open") =>
  ((await (await adminFetch(`/agents/${agentId}/gaps?status=${status}`)).json()) as { items: GapGroup[] }).items;

describe("knowledge gaps", () => {
  it("group paraphrases with counts and examples; a short answer from a gap fixes it and is used", async () => {
    const agent = "gaps";
    await lifecycleAgent(agent, {});
    const asked: string[] = [];
    for (const question of UNANSWERED) asked.push((await askIn(agent, question)).conversationId);
    await expect.poll(async () => (await gapRows(agent)).length).toBe(4);

    const open = await groups(agent);
    expect(open.map((g) => g.count)).toEqual([3, 1]);
    const [bitcoin, discount] = open as [GapGroup, GapGroup];
    expect(bitcoin.examples.map((e) => e.question).sort()).toEqual(UNANSWERED.slice(0, 3).sort());
    expect(bitcoin.examples.map((e) => e.conversationId).sort()).toEqual(asked.slice(0, 3).sort());
    expect(bitcoin).toMatchObject({ abstained: 3, fixedAt: null });
    expect(discount.question).toBe("Is there a student discount?");

    const created = await adminFetch(`/agents/${agent}/gaps/${bitcoin.id}/short-answer`, {
      method: "POST",
      json: { answer: "We do not accept bitcoin; cards and PayPal are fine." },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ question: bitcoin.question, fixedGaps: 3 });
    expect((await groups(agent)).map((g) => g.question)).toEqual(["Is there a student discount?"]);
    expect((await groups(agent, "fixed"))[0]).toMatchObject({ count: 3, fixedBy: expect.stringMatching(/^sa_/) });

    // The next visitor asking it gets the short answer.
    expect((await askIn(agent, "Can I pay with bitcoin?")).reply).toContain("We do not accept bitcoin");

    // A fixed (or unknown, or malformed) gap cannot be fixed again.
    for (const id of [bitcoin.id, "gap_nothere", "../../x"]) {
      const again = await adminFetch(`/agents/${agent}/gaps/${encodeURIComponent(id)}/short-answer`, {
        method: "POST",
        json: { answer: "Again" },
      });
      expect(again.status, id).toBe(404);
    }
    const empty = await adminFetch(`/agents/${agent}/gaps/${discount.id}/short-answer`, { method: "POST", json: {} });
    expect(empty.status).toBe(400);
  });

  it("make an unpublished article draft from a gap, which answers nothing until it is published", async () => {
    const agent = "gaps-draft";
    await lifecycleAgent(agent, {});
    await askIn(agent, "Is there a student discount?");
    await expect.poll(async () => (await gapRows(agent)).length).toBe(1);
    const [gap] = (await groups(agent)) as [GapGroup];
    const response = await adminFetch(`/agents/${agent}/gaps/${gap.id}/article`, { method: "POST", json: {} });
    expect(response.status).toBe(201);
    const draft = (await response.json()) as { id: string; title: string; body: string; published: boolean };
    expect(draft).toMatchObject({ title: "Is there a student discount?", published: false });
    expect(draft.body).toContain("- Is there a student discount?");
    expect((await groups(agent)).length).toBe(1); // still open: a draft answers nothing yet
  });

  it("are fixed when a later conversation answers the same question", async () => {
    const agent = "gaps-answered";
    await lifecycleAgent(agent, {});
    await askIn(agent, "Is there a student discount?");
    await expect.poll(async () => (await gapRows(agent)).length).toBe(1);
    const put = await adminFetch(`/agents/${agent}/articles/discounts`, {
      method: "PUT",
      json: { title: "Student discount", body: "Students get a 20% student discount with a valid student card." },
    });
    expect(put.status).toBe(201);
    expect((await askIn(agent, "student discount?")).reply).toContain("20%");
    await expect.poll(async () => (await gapRows(agent))[0]?.fixedBy).toBe("answered");
    expect(await groups(agent)).toEqual([]);
  });
});
