/**
 * The reads of a visitor message (durable-objects/conversation/message-reads.ts): while the isolate
 * keeps the agent, its stamp, the day's token budget and the contact property definitions are read
 * in one batch and kept for `READ_TTL_MS`. A change made through the admin API (in this isolate) is
 * seen by the very next message; one made straight in D1, as another isolate's write would be, once
 * the reading is older than the TTL. The day's token use is never kept: with a daily limit, every
 * message reads it afresh (DECISIONS.md: budgets live where every isolate shares them).
 */
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { readForMessage } from "../../durable-objects/conversation/message-reads";
import { database } from "../../worker/db/client";
import { contactProperties } from "../../worker/db/crm-schema";
import { READ_TTL_MS } from "../../worker/db/read-cache";
import { agentControls, tokenUsage } from "../../worker/db/schema";
import { tokenBudget } from "../../worker/lifecycle/token-budget";
import { adminFetch } from "./helpers/seed";
import { crmAgent } from "./support/crm";
import { lifecycleAgent } from "./support/lifecycle";

const GRANT = { properties: { billing_address: { show: true } } };
const labelOf = (early: Awaited<ReturnType<typeof readForMessage>>["early"]) =>
  early.definitions?.find((d) => d.name === "billing_address")?.label;

async function setLabel(label: string): Promise<void> {
  const response = await adminFetch("/contact-properties/billing_address", { method: "PATCH", json: { label } });
  expect(response.status).toBe(200);
}

describe("readForMessage", () => {
  it("sees a change made through the admin API on the next message", async () => {
    const AGENT = "message-reads-crm";
    await crmAgent(AGENT, GRANT);
    const first = await readForMessage(env, AGENT); // not kept yet: the agent alone
    expect(first.agent?.id).toBe(AGENT);
    expect(first.early).toEqual({});

    const kept = await readForMessage(env, AGENT);
    expect(kept.agent).toBe(first.agent);
    const label = labelOf(kept.early);
    expect(label).toEqual(expect.any(String));
    expect(kept.early.budget?.row).toBeUndefined(); // no controls: no limit

    await setLabel("Invoice address");
    await adminFetch(`/agents/${AGENT}/controls`, { method: "PUT", json: { enabled: true, dailyTokenLimit: 70 } });
    const changed = await readForMessage(env, AGENT);
    expect(labelOf(changed.early)).toBe("Invoice address");
    expect(changed.early.budget?.row).toEqual({ limit: 70, used: null });
    await setLabel(label!);
    expect(labelOf((await readForMessage(env, AGENT)).early)).toBe(label);

    await crmAgent(AGENT, {}); // republished without CRM access: read alone, the turn reads the rest itself
    const republished = await readForMessage(env, AGENT);
    expect(republished.agent).not.toBe(kept.agent);
    expect(republished.early).toEqual({});
    const again = await readForMessage(env, AGENT);
    expect(again.agent).toBe(republished.agent);
    expect(again.early.definitions).toBeUndefined(); // it grants no property: nothing to read
    expect(again.early.budget?.row).toEqual({ limit: 70, used: null });
  });

  it("sees a change written straight to D1 (another isolate's) once the reading is older than the TTL", async () => {
    const AGENT = "message-reads-ttl";
    await crmAgent(AGENT, GRANT);
    await adminFetch(`/agents/${AGENT}/controls`, { method: "PUT", json: { enabled: true, dailyTokenLimit: 70 } });
    const start = Date.now();
    await readForMessage(env, AGENT, start); // keeps the agent
    const kept = await readForMessage(env, AGENT, start);
    const label = labelOf(kept.early)!;
    const db = database(env);
    await db
      .update(contactProperties)
      .set({ label: "Postal address" })
      .where(eq(contactProperties.name, "billing_address"));
    await db.update(agentControls).set({ dailyTokenLimit: 90 }).where(eq(agentControls.agentId, AGENT));
    try {
      const within = await readForMessage(env, AGENT, start + READ_TTL_MS - 1);
      expect(within.agent).toBe(kept.agent);
      expect(within.early.definitions).toBe(kept.early.definitions); // not read again: the kept reading still stands
      expect(labelOf(within.early)).toBe(label);
      expect(within.early.budget?.row).toEqual({ limit: 70, used: null });

      const after = await readForMessage(env, AGENT, start + READ_TTL_MS);
      expect(after.early.definitions).not.toBe(kept.early.definitions);
      expect(after.agent).toBe(kept.agent); // the same stamp: the same agent
      expect(labelOf(after.early)).toBe("Postal address");
      expect(after.early.budget?.row).toEqual({ limit: 90, used: null });
    } finally {
      await db.update(contactProperties).set({ label }).where(eq(contactProperties.name, "billing_address"));
    }
  });

  it("reads the day's token use afresh on every message, however recently the limit was read", async () => {
    const AGENT = "message-reads-spend";
    await lifecycleAgent(AGENT, {});
    await adminFetch(`/agents/${AGENT}/controls`, { method: "PUT", json: { enabled: true, dailyTokenLimit: 100 } });
    const start = Date.now();
    await readForMessage(env, AGENT, start); // keeps the agent
    const { agent, early } = await readForMessage(env, AGENT, start);
    expect(early.budget?.row).toEqual({ limit: 100, used: null });
    await tokenBudget(env, agent!, early.budget).record(60);
    const later = await readForMessage(env, AGENT, start + 1);
    expect(later.early.budget?.row).toEqual({ limit: 100, used: 60 });
    expect(await tokenBudget(env, agent!, later.early.budget).exhausted()).toBe(false); // 60 of 100

    // Another isolate's spend, written straight to D1, counts on the very next message.
    const db = database(env);
    const day = later.early.budget!.day;
    await db
      .update(tokenUsage)
      .set({ tokens: 100 })
      .where(and(eq(tokenUsage.agentId, AGENT), eq(tokenUsage.day, day)));
    const next = await readForMessage(env, AGENT, start + 2);
    expect(next.early.budget?.row).toEqual({ limit: 100, used: 100 });
    expect(await tokenBudget(env, agent!, next.early.budget).exhausted()).toBe(true);
  });

  it("reads nothing for an agent that does not exist, and no definitions for one that grants no property", async () => {
    expect(await readForMessage(env, "message-reads-missing")).toEqual({ agent: null, early: {} });
    await lifecycleAgent("message-reads-plain", {});
    await readForMessage(env, "message-reads-plain");
    const plain = await readForMessage(env, "message-reads-plain");
    expect(plain.agent?.id).toBe("message-reads-plain");
    expect(Object.keys(plain.early)).toEqual(["budget"]); // no CRM access granted: no definitions read
  });
});
