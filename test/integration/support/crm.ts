/**
 * Helpers for CRM identity tests: an agent with CRM settings (written straight to its published
 * row, as the admin API's CRM settings are another issue's), contacts, and the D1 visitor row.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { database } from "../../../worker/db/client";
import { visitors } from "../../../worker/db/crm-schema";
import { agents } from "../../../worker/db/schema";
import type { LoggedEvent } from "../../../worker/protocol/events";
import { lifecycleAgent, loggedEvents } from "./lifecycle";

export async function crmAgent(id: string, crm: Record<string, unknown> = {}): Promise<void> {
  await lifecycleAgent(id, {});
  await database(env).update(agents).set({ settings: { crm } }).where(eq(agents.id, id));
}

export const visitorRow = (visitorId: string) => database(env).select().from(visitors).where(eq(visitors.id, visitorId)).get();

export const verifiedEvents = async (conversationId: string): Promise<Array<Extract<LoggedEvent, { type: "verified" }>>> =>
  (await loggedEvents(conversationId)).flatMap((e) => (e.type === "verified" ? [e] : []));
