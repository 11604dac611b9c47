/**
 * One inbound message from a channel that is not a socket, into its conversation: recognised when
 * the platform delivers it again (per deployment, even after its conversation closed), added to
 * the conversation it continues — the open one with this address, or the one an email thread
 * names — or to a new one, which it starts. Answering happens in the conversation's background,
 * so a webhook is answered at once.
 */
import { and, desc, eq, lt, ne } from "drizzle-orm";
import type { ChannelIdentity, ReceiveOptions, Received } from "../../durable-objects/conversation/message-intake";
import { database } from "../db/client";
import { channelDeliveredPieces, channelInboundIds } from "../db/channel-schema";
import { conversations } from "../db/schema";
import { base64url, randomId } from "../lib/crypto";
import type { VisitorMessage } from "./channel";
import type { OpenDeployment } from "./deployments/store";

export type InboundMessage = {
  deployment: OpenDeployment;
  /** Who wrote it on the channel: an email address, a WhatsApp number, a PSID, a custom user id. */
  address: string;
  message: VisitorMessage;
  /**
   * The conversation it continues when the channel knows (an email's In-Reply-To); "new" starts one
   * whatever is open; left out: the open conversation with this address, or a new one.
   */
  thread?: string | "new";
  identity?: ChannelIdentity;
  /** An attachment the agent cannot read: stored, and answered with the `text_only` line instead of a turn. */
  textOnly?: boolean;
  /** The message goes to a person at once, never to the agent (an ignored sender, a thread over its reply limit). */
  handOff?: ReceiveOptions["handOff"];
  /** The Worker's public origin, for links the conversation sends (verification). */
  origin?: string;
};

export type InboundResult = { conversationId: string; received: Received };

/** The same visitor id for the same address on a channel, so contacts and verifications follow them. */
async function channelVisitorId(channel: string, address: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${channel}\n${address}`));
  return `v_${base64url(new Uint8Array(digest).slice(0, 16))}`;
}

async function openConversationWith(env: Env, input: InboundMessage): Promise<string | null> {
  const row = await database(env)
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.agentId, input.deployment.agentId),
        // The same person writing to two of the agent's numbers or addresses has two conversations: each is answered from where it came.
        eq(conversations.deploymentId, input.deployment.id),
        eq(conversations.channelAddress, input.address),
        ne(conversations.status, "closed"),
      ),
    )
    .orderBy(desc(conversations.createdAt))
    .limit(1)
    .get();
  return row?.id ?? null;
}

/** The conversation the message belongs to, started when there is none. */
async function conversationFor(env: Env, input: InboundMessage): Promise<string> {
  const existing = input.thread === "new" ? null : (input.thread ?? (await openConversationWith(env, input)));
  if (existing) return existing;
  const conversationId = randomId("c");
  await env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId)).start({
    conversationId,
    agentId: input.deployment.agentId,
    visitorId: await channelVisitorId(input.deployment.channel, input.address),
    channel: input.deployment.channel,
    channelAddress: input.address,
    deploymentId: input.deployment.id,
    ...(input.origin ? { origin: input.origin } : {}),
  });
  return conversationId;
}

/** The conversation a platform message id was already taken into, if it was. */
async function takenBefore(env: Env, deploymentId: string, messageId: string): Promise<string | null> {
  const row = await database(env)
    .select({ conversationId: channelInboundIds.conversationId })
    .from(channelInboundIds)
    .where(and(eq(channelInboundIds.deploymentId, deploymentId), eq(channelInboundIds.messageId, messageId)))
    .get();
  return row?.conversationId ?? null;
}

export async function takeInbound(env: Env, input: InboundMessage): Promise<InboundResult> {
  const { deployment, message } = input;
  const before = await takenBefore(env, deployment.id, message.clientId);
  if (before) return { conversationId: before, received: { ok: true, seq: 0, duplicate: true } };
  const conversationId = await conversationFor(env, input);
  // Claimed before the message is handed on: of two deliveries at once, one claims it and the other is the duplicate.
  const claimed = await database(env)
    .insert(channelInboundIds)
    .values({ deploymentId: deployment.id, messageId: message.clientId, conversationId, at: Date.now() })
    .onConflictDoNothing()
    .returning({ at: channelInboundIds.at });
  if (claimed.length === 0) {
    const first = (await takenBefore(env, deployment.id, message.clientId)) ?? conversationId;
    return { conversationId: first, received: { ok: true, seq: 0, duplicate: true } };
  }
  const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId));
  const received = await stub.receive(message, {
    answer: "later",
    ...(input.identity ? { identity: input.identity } : {}),
    ...(input.textOnly ? { textOnly: true } : {}),
    ...(input.handOff ? { handOff: input.handOff } : {}),
  });
  // Refused (closed, full, over the rate): stored nowhere, so the id is let go and the platform may deliver it again.
  if (!received.ok)
    await database(env)
      .delete(channelInboundIds)
      .where(and(eq(channelInboundIds.deploymentId, deployment.id), eq(channelInboundIds.messageId, message.clientId)));
  return { conversationId, received };
}

/**
 * Forgets platform message ids, and the record of reply pieces delivered, older than `maxAgeMs`
 * (the cron sweeps them; platforms redeliver within days, deliveries retry within the hour).
 */
export async function forgetOldInboundIds(env: Pick<Env, "DB">, maxAgeMs: number, now = Date.now()): Promise<void> {
  const db = database(env);
  await db.batch([
    db.delete(channelInboundIds).where(lt(channelInboundIds.at, now - maxAgeMs)),
    db.delete(channelDeliveredPieces).where(lt(channelDeliveredPieces.at, now - maxAgeMs)),
  ]);
}
