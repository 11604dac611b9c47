/**
 * Replies on channels that are not sockets. Every line the visitor should read (an answer, a
 * person's message, a lifecycle line) is put on the outbox queue as the conversation logs it; the
 * queue's consumer hands each to its channel's adapter and retries a failure the platform may get
 * over, with growing pauses, until it gives up and says so in the log. `conversationId:seq` is each
 * delivery's idempotency key, so a redelivered queue message never reaches the visitor twice on
 * platforms that honour it.
 */
import { z } from "zod";
import type { ConversationMeta } from "../../durable-objects/conversation/event-log";
import { isDeployable, type DeployableChannel } from "../protocol/channels";
import type { LoggedEvent } from "../protocol/events";
import type { Outgoing } from "./channel";
import { deploymentById } from "./deployments/store";
import { deliveringChannel } from "./index";

/** Deliveries are tried this many times (the first and the retries) before the outbox gives up. */
export const MAX_DELIVERY_ATTEMPTS = 8;
const FIRST_RETRY_SECONDS = 5;
const LONGEST_RETRY_SECONDS = 15 * 60;
/** Lines that mean nothing off the widget: the visitor of an email thread needs no "this chat closed". */
const NOT_SENT = new Set(["closed"]);

const outboxMessage = z.object({
  deploymentId: z.string(),
  conversationId: z.string(),
  seq: z.number().int(),
  kind: z.string(),
  text: z.string(),
  sources: z.array(z.object({ id: z.string(), title: z.string(), url: z.string().optional() })),
  address: z.string(),
  author: z.string().optional(),
});
export type OutboxMessage = z.infer<typeof outboxMessage> & { deploymentId: string };

/** What of a logged event the visitor should receive on their channel; null for everything else. */
export function outgoingOf(event: LoggedEvent): Pick<Outgoing, "kind" | "text" | "sources" | "author"> | null {
  if (event.type === "assistant_complete" && event.text)
    return { kind: "answer", text: event.text, sources: event.sources };
  if (event.type === "staff_message")
    return { kind: "person", text: event.text, sources: [], author: event.staff.name };
  if (event.type === "system_message" && !NOT_SENT.has(event.kind))
    return { kind: event.kind, text: event.text, sources: [] };
  return null;
}

/** Puts a logged event on the outbox when the visitor should receive it on the conversation's channel. */
export async function sendOnChannel(
  env: Pick<Env, "CHANNEL_OUTBOX">,
  meta: ConversationMeta,
  event: LoggedEvent,
): Promise<void> {
  const outgoing = outgoingOf(event);
  if (!outgoing || !meta.deploymentId || !meta.channelAddress) return;
  const message: OutboxMessage = {
    deploymentId: meta.deploymentId,
    conversationId: meta.conversationId,
    seq: event.seq,
    address: meta.channelAddress,
    ...outgoing,
  };
  await env.CHANNEL_OUTBOX.send(message, { contentType: "json" });
}

/** The pause before the next try: 5 s, doubling, at most 15 minutes. */
export const retryDelaySeconds = (attempts: number): number =>
  Math.min(LONGEST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1));

/** Sends one outbox message; what the queue should do with it next. */
export async function deliverOutboxMessage(
  env: Env,
  body: unknown,
  attempts: number,
): Promise<"done" | { retryAfterSeconds: number }> {
  const parsed = outboxMessage.safeParse(body);
  if (!parsed.success) {
    console.error("outbox: dropped a malformed message", parsed.error.issues);
    return "done";
  }
  const message = parsed.data;
  const deployment = await deploymentById(env, message.deploymentId);
  if (!deployment || !isDeployable(deployment.channel)) {
    console.error(`outbox: deployment ${message.deploymentId} is gone; a reply was not sent`);
    return "done";
  }
  const { deploymentId: _, ...outgoing } = message;
  const result = await deliveringChannel(deployment.channel as DeployableChannel).deliver(
    env,
    deployment,
    outgoing as Outgoing,
  );
  if (result.ok) return "done";
  if (result.retry && attempts < MAX_DELIVERY_ATTEMPTS) return { retryAfterSeconds: retryDelaySeconds(attempts) };
  const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(message.conversationId));
  await stub.deliveryFailed({ seq: message.seq, error: result.error });
  return "done";
}

/** The outbox queue's consumer: each message delivered, retried later, or given up on (never thrown). */
export async function handleOutboxBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    try {
      const next = await deliverOutboxMessage(env, message.body, message.attempts);
      if (next === "done") message.ack();
      else message.retry({ delaySeconds: next.retryAfterSeconds });
    } catch (error) {
      console.error("outbox: delivery threw", error);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
