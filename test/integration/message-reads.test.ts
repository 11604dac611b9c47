/**
 * The reads of a visitor message in one batch (durable-objects/conversation/message-reads.ts): while
 * the isolate keeps the agent, its stamp, the day's token budget and the contact property definitions
 * are read together, fresh each message — an edited definition, a changed limit and a republished
 * agent are seen by the very next message.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { readForMessage } from "../../durable-objects/conversation/message-reads";
import { database } from "../../worker/db/client";
import { contactProperties } from "../../worker/db/crm-schema";
import { adminFetch } from "./helpers/seed";
import { crmAgent } from "./support/crm";
import { lifecycleAgent } from "./support/lifecycle";

const GRANT = { properties: { billing_address: { show: true } } };
const labelOf = (early: Awaited<ReturnType<typeof readForMessage>>["early"]) =>
  early.definitions?.find((d) => d.name === "billing_address")?.label;

describe("readForMessage", () => {
  it("reads the definitions and the budget with a kept agent's stamp, and sees each change on the next message", async () => {
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

    await database(env)
      .update(contactProperties)
      .set({ label: "Invoice address" })
      .where(eq(contactProperties.name, "billing_address"));
    await adminFetch(`/agents/${AGENT}/controls`, { method: "PUT", json: { enabled: true, dailyTokenLimit: 70 } });
    const changed = await readForMessage(env, AGENT);
    expect(labelOf(changed.early)).toBe("Invoice address");
    expect(changed.early.budget?.row).toEqual({ limit: 70, used: null });
    await database(env)
      .update(contactProperties)
      .set({ label: label! })
      .where(eq(contactProperties.name, "billing_address"));

    await crmAgent(AGENT, {}); // republished without CRM access: read alone, the turn reads the rest itself
    const republished = await readForMessage(env, AGENT);
    expect(republished.agent).not.toBe(kept.agent);
    expect(republished.early).toEqual({});
    const again = await readForMessage(env, AGENT);
    expect(again.agent).toBe(republished.agent);
    expect(again.early.definitions).toBeUndefined(); // it grants no property: nothing to read
    expect(again.early.budget?.row).toEqual({ limit: 70, used: null });
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
