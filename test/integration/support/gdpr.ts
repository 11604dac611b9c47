/**
 * GDPR tests' people and stores: a contact with two visitors, three conversations and D1 rows about
 * each, every D1 row that mentions a word, and the row counts of a Durable Object's own tables.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { contactVerifications } from "../../../worker/db/crm-schema";
import { database } from "../../../worker/db/client";
import { knowledgeGaps } from "../../../worker/db/analytics-schema";
import { creditCharges, handoffs } from "../../../worker/db/schema";
import { writeContactProperty } from "../../../worker/crm/contact-store";
import { rememberVerifiedVisitor } from "../../../worker/crm/verified-visitors";
import { captureEmail } from "../../../worker/lifecycle/email-capture";
import { adminFetch } from "../helpers/seed";
import { ChatSocket, startConversation } from "./chat-client";
import { completes, lifecycleAgent } from "./lifecycle";

export const AGENT = "privacy-agent";

export type Person = {
  contactId: string;
  email: string;
  secret: string;
  company: string;
  visitorIds: string[];
  conversationIds: string[];
  socket: ChatSocket;
};

/** A contact with two visitors (one captured, one verified), three conversations with transcripts, and D1 rows about each. */
export async function person(email: string): Promise<Person> {
  const tag = email.split("@")[0]?.replace(/[^a-z]/g, "") ?? "";
  const secret = `zanzibar${tag}`; // a word only this visitor ever typed
  const company = `Quokka ${tag}`;
  await lifecycleAgent(AGENT, {});
  const first = await startConversation(AGENT);
  const socket = await ChatSocket.open(first.conversationId, first.visitorToken);
  socket.send({ type: "message", id: "m1", text: `What are your opening hours? My code word is ${secret}.` });
  await socket.waitFor((events) => completes(events).length >= 1);
  const contactId = await captureEmail(env, {
    email,
    visitorId: first.visitorId,
    conversationId: first.conversationId,
  });
  const second = await startConversation(AGENT, first.visitorToken, false); // same visitor, not linked by contactId
  const other = await startConversation(AGENT); // another device, verified later
  await rememberVerifiedVisitor(env, {
    visitorId: other.visitorId,
    agentId: AGENT,
    contactId,
    conversationId: other.conversationId,
  });

  const db = database(env);
  const now = Date.now();
  await db.insert(handoffs).values({
    id: `ho_${contactId}`,
    conversationId: first.conversationId,
    agentId: AGENT,
    reason: "visitor_asked",
    mode: "inbox",
    fallback: false,
    createdAt: now,
  });
  await db.insert(knowledgeGaps).values({
    id: `gap_${contactId}`,
    agentId: AGENT,
    question: `Where is ${secret}?`,
    conversationId: second.conversationId,
    grounding: 0.1,
    createdAt: now,
  });
  await db.insert(contactVerifications).values({
    tokenHash: `hash_${contactId}`,
    conversationId: other.conversationId,
    agentId: AGENT,
    contactId,
    email,
    expiresAt: now + 60_000,
    createdAt: now,
  });
  await db
    .insert(creditCharges)
    .values({ conversationId: first.conversationId, agentId: AGENT, period: "2026-12-01", credits: 1, createdAt: now });
  await adminFetch(`/contacts/${contactId}`, { method: "PATCH", json: { properties: { first_name: "Quinn" } } });
  await writeContactProperty(env, {
    contactId,
    property: "company",
    value: company,
    changedBy: "agent",
    conversationId: other.conversationId,
  });
  return {
    contactId,
    email,
    secret,
    company,
    visitorIds: [first.visitorId, other.visitorId],
    conversationIds: [first.conversationId, second.conversationId, other.conversationId],
    socket,
  };
}

/** Every D1 row that mentions any of `needles`, as `table: row`. */
export async function d1RowsMentioning(needles: string[]): Promise<string[]> {
  const tables = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'`,
  ).all<{ name: string }>();
  const found: string[] = [];
  for (const { name } of tables.results) {
    // Table names come from sqlite_master, not from input; identifiers cannot be bound as parameters.
    const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    for (const row of rows.results) {
      const text = JSON.stringify(row).toLowerCase();
      if (needles.some((needle) => text.includes(needle.toLowerCase()))) found.push(`${name}: ${text}`);
    }
  }
  return found;
}

/** Rows in each table of a Durable Object's SQLite (its own tables, not the runtime's). */
export async function durableObjectRows(stub: DurableObjectStub): Promise<Record<string, number>> {
  return runInDurableObject(stub, async (_instance, state) => {
    const tables = state.storage.sql
      .exec<{ name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'`,
      )
      .toArray();
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM "${name}"`).one().n,
      ]),
    );
  });
}
