/**
 * Helpers for CRM tests: agents with "CRM data" settings (saved through the admin API), contacts
 * with property values, reading values, history and the visitor's verifications back, what a visitor was shown,
 * and a visitor's conversation to talk through.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { expect, inject } from "vitest";
import type { ConversationDO } from "../../../durable-objects/conversation/conversation";
import { database } from "../../../worker/db/client";
import { contactChanges, contacts, contactValues, visitorVerifications } from "../../../worker/db/crm-schema";
import { writeContactProperty } from "../../../worker/crm/contact-store";
import { randomId } from "../../../worker/lib/crypto";
import type { LoggedEvent, ServerEvent } from "../../../worker/protocol/events";
import { ChatSocket, type Started, startConversation } from "./chat-client";
import { conversationStub, lifecycleAgent, loggedEvents } from "./lifecycle";

/** An agent (published) with these CRM settings (`settings.crm`); email capture is off, so only CRM checks ask for an address. */
export async function crmAgent(id: string, crm: Record<string, unknown> = {}): Promise<void> {
  await lifecycleAgent(id, { channels: { live_chat: { emailCapture: "never" } }, crm });
}

/** A contact with these property values (written as an admin would, with history). */
export async function seedContact(email: string, values: Record<string, unknown> = {}): Promise<string> {
  const id = randomId("ct");
  const now = Date.now();
  await database(env).insert(contacts).values({ id, email: email.toLowerCase(), createdAt: now, updatedAt: now });
  for (const [property, value] of Object.entries(values)) {
    const written = await writeContactProperty(env, { contactId: id, property, value, changedBy: "admin" });
    expect(written.ok, JSON.stringify(written)).toBe(true);
  }
  return id;
}

export async function storedValue(contactId: string, property: string): Promise<unknown> {
  const row = await database(env)
    .select({ value: contactValues.value })
    .from(contactValues)
    .where(and(eq(contactValues.contactId, contactId), eq(contactValues.property, property)))
    .get();
  return row?.value ?? null;
}

export const historyOf = (contactId: string) =>
  database(env)
    .select()
    .from(contactChanges)
    .where(eq(contactChanges.contactId, contactId))
    .orderBy(contactChanges.createdAt);

/** Every text the visitor was shown (agent replies and server lines), in order. */
export const shownTexts = (events: ServerEvent[]): string[] =>
  events.flatMap((e) =>
    e.type === "assistant_complete" || e.type === "system_message"
      ? [e.text]
      : e.type === "verified"
        ? [`verified:${e.email}`]
        : [],
  );

/** Waits until the visitor has been shown `n` agent replies or server lines in total. */
export const shown = (n: number) => (events: ServerEvent[]) => shownTexts(events).length >= n;

const DAY_MS = 86_400_000;
/** A time longer ago than any agent's verified period (at most 365 days): a proof given then has lapsed. */
export const lapsedAt = () => Date.now() - 366 * DAY_MS;

/** The visitor's proof to this chat's agent, as an earlier conversation with it left it (for `rememberVerifiedVisitor`). */
export const earlier = (c: { visitorId: string; agentId: string }) => ({
  visitorId: c.visitorId,
  agentId: c.agentId,
  conversationId: "c_earlier",
});

/** What the visitor proved to each agent (one row per agent at most). */
export const visitorProofs = (visitorId: string) =>
  database(env).select().from(visitorVerifications).where(eq(visitorVerifications.visitorId, visitorId));

export const verifiedEvents = async (
  conversationId: string,
): Promise<Array<Extract<LoggedEvent, { type: "verified" }>>> =>
  (await loggedEvents(conversationId)).flatMap((e) => (e.type === "verified" ? [e] : []));

/**
 * Opens the visitor's socket on a started conversation, with `say`: it sends a message and resolves with what
 * the visitor was shown in reply (agent text and server lines).
 */
export async function visitorTalk(started: Started, agentId: string) {
  const socket = await ChatSocket.open(started.conversationId, started.visitorToken);
  let sent = 0;
  const say = async (text: string, replies = 1): Promise<string[]> => {
    const before = shownTexts(socket.events).length;
    socket.send({ type: "message", id: `m${++sent}`, text });
    await socket.waitFor(shown(before + replies));
    return shownTexts(socket.events).slice(before);
  };
  return { ...started, agentId, socket, say };
}

/**
 * A visitor's conversation to talk through (`visitorTalk`). Its Durable Object answers with the scripted model
 * under `route` of the loopback OpenAI-compatible server, or with the offline model.
 */
export async function crmChat(agentId: string, route?: string) {
  const started = await startConversation(agentId);
  if (route) {
    const generative: Env = {
      ...env,
      OPENAI_API_KEY: "test-key",
      OPENAI_BASE_URL: `${inject("openaiLoopbackUrl")}${route}`,
    };
    // This object's turns use the loopback model; other conversations keep the Worker's env.
    await runInDurableObject(conversationStub(started.conversationId), (instance: ConversationDO) => {
      Object.assign(instance, { env: generative });
    });
  }
  return visitorTalk(started, agentId);
}
