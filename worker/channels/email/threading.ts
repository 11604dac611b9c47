/**
 * An email thread's ids in D1 (`email_thread_messages`): every Message-ID we received on a
 * deployment and every one we sent, with its conversation. A reply whose In-Reply-To or References
 * names a known id continues that conversation — unless it is closed, then the reply starts a new
 * one; mail that names none is a new thread and a new conversation.
 */
import { and, asc, desc, eq, gte, inArray, like } from "drizzle-orm";
import { database } from "../../db/client";
import { channelDeployments, emailThreadMessages } from "../../db/channel-schema";
import { conversations } from "../../db/schema";
import { parseMailbox } from "../../email/sender";
import { EMAIL } from "../../protocol/channels";

export type ThreadMessage = typeof emailThreadMessages.$inferSelect;

/** How many ids a reply's References carries (the first and the newest): enough for every client to thread it. */
const MAX_REFERENCES = 20;

/** The conversation a reply continues, or "new" (no known id, or its conversation is closed). */
export async function threadOf(env: Pick<Env, "DB">, deploymentId: string, ids: string[]): Promise<string | "new"> {
  const known = ids.slice(0, 100);
  if (known.length === 0) return "new";
  const row = await database(env)
    .select({ conversationId: emailThreadMessages.conversationId, status: conversations.status })
    .from(emailThreadMessages)
    .leftJoin(conversations, eq(conversations.id, emailThreadMessages.conversationId))
    .where(and(eq(emailThreadMessages.deploymentId, deploymentId), inArray(emailThreadMessages.messageId, known)))
    .orderBy(desc(emailThreadMessages.at))
    .limit(1)
    .get();
  if (!row || row.status === "closed") return "new";
  return row.conversationId;
}

/** Remembers a message of a thread; the same id twice (a redelivery, a retried reply) is kept once. */
export async function rememberThreadMessage(env: Pick<Env, "DB">, message: ThreadMessage): Promise<void> {
  await database(env).insert(emailThreadMessages).values(message).onConflictDoNothing();
}

/** The thread of a conversation, oldest first. */
export async function threadMessages(env: Pick<Env, "DB">, conversationId: string): Promise<ThreadMessage[]> {
  return database(env)
    .select()
    .from(emailThreadMessages)
    .where(eq(emailThreadMessages.conversationId, conversationId))
    .orderBy(asc(emailThreadMessages.at));
}

/** The References of a reply: the thread's first id and its newest ones. */
export function referencesOf(thread: ThreadMessage[]): string[] {
  const ids = thread.map((message) => message.messageId);
  if (ids.length <= MAX_REFERENCES) return ids;
  return [ids[0] ?? "", ...ids.slice(-(MAX_REFERENCES - 1))];
}

/** Replies sent in one thread per hour; beyond it a person takes over and nothing more is sent automatically. */
export const MAX_REPLIES_PER_HOUR = 10;
const HOUR_MS = 60 * 60 * 1000;

/** Whether the conversation had MAX_REPLIES_PER_HOUR replies from us in the last hour. */
export async function overReplyLimit(env: Pick<Env, "DB">, conversationId: string, now = Date.now()): Promise<boolean> {
  return (await sentSince(env, conversationId, now - HOUR_MS)) >= MAX_REPLIES_PER_HOUR;
}

/** How many replies we sent in a conversation since `since` (our own ids only: not the ids a sender gave them too). */
async function sentSince(env: Pick<Env, "DB">, conversationId: string, since: number): Promise<number> {
  const rows = await database(env)
    .select({ id: emailThreadMessages.messageId })
    .from(emailThreadMessages)
    .where(
      and(
        eq(emailThreadMessages.conversationId, conversationId),
        eq(emailThreadMessages.direction, "out"),
        like(emailThreadMessages.messageId, `${conversationId}.%`),
        gte(emailThreadMessages.at, since),
      ),
    );
  return rows.length;
}

/** Our own addresses and domains: every email deployment's address (live or removed) and EMAIL_FROM's. */
export async function ourAddresses(
  env: Pick<Env, "DB" | "EMAIL_FROM">,
): Promise<{ addresses: Set<string>; domains: Set<string> }> {
  const rows = await database(env)
    .select({ address: channelDeployments.address })
    .from(channelDeployments)
    .where(eq(channelDeployments.channel, EMAIL));
  const addresses = new Set(rows.map((row) => row.address.toLowerCase()));
  const from = parseMailbox(env.EMAIL_FROM ?? "");
  if (from) addresses.add(from.addr.toLowerCase());
  const domains = new Set([...addresses].map((address) => address.split("@").pop() ?? ""));
  return { addresses, domains };
}

/** The subject a reply carries: "Re: " and the thread's subject without its own Re:/Fwd: prefixes. */
export function replySubject(subject: string): string {
  const bare = subject.replace(/^(\s*(re|aw|sv|fwd?|wg)\s*(\[\d+\])?\s*:\s*)+/i, "").trim();
  return `Re: ${bare || "Your message"}`;
}
