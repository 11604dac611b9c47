/**
 * Whether a conversation takes one more visitor message — not when closed, full (its length caps)
 * or over the agent's message rate, in which case the message is stored nowhere and may be sent
 * again — and, for channels that know who writes (an email sender), what that says about identity.
 */
import { captureEmail, findOrCreateContact } from "../../worker/lifecycle/email-capture";
import { armQuietPeriod, say, type AgentView, type LifecycleContext } from "../../worker/lifecycle/context";
import { alarmNoLaterThan } from "../../worker/lifecycle/alarm-clock";
import type { VisitorMessage } from "../../worker/channels/channel";
import type { TurnQueue } from "./turn-queue";
import type { ErrorCode } from "../../worker/protocol/events";
import type { ArrivalHandoff, ArrivalHandoffs } from "./arrival-handoffs";
import type { EventLog } from "./event-log";
import type { LifecycleState, LifecycleStore } from "./lifecycle-state";
import type { MessageRate } from "./message-rate";

/** A conversation's length: far beyond any real chat, short enough that its history and replay stay cheap. */
export const MAX_VISITOR_MESSAGES = 500;
export const MAX_LOG_BYTES = 2_000_000; // characters of logged events: compacted answers, messages, lines

export type Received = { ok: true; seq: number; duplicate: boolean } | { ok: false; code: ErrorCode; message: string };

/** Who the channel says wrote the message: an address, and whether the channel proved it (an email's DMARC pass). */
export type ChannelIdentity = { email: string; proven: boolean };

export type ReceiveOptions = {
  /** "now": the caller drains the turn queue itself; "later": it is drained in the background. */
  answer: "now" | "later";
  identity?: ChannelIdentity;
  /**
   * The message is a picture, voice note, file or place the agent cannot read: it is stored (its text
   * describes the attachment, for staff) and answered with the `text_only` line instead of a turn.
   */
  textOnly?: boolean;
  /** The message goes to a person at once, never to the agent (arrival-handoffs.ts). */
  handOff?: ArrivalHandoff;
};

/** What taking a message needs of the conversation. */
export type Intake = {
  context: LifecycleContext;
  queue: TurnQueue;
  rate: MessageRate;
  arrivalHandoffs: ArrivalHandoffs;
  view: () => Promise<AgentView | null>;
};

/**
 * A visitor message from any channel: stored once per client id and queued for its turn (which
 * the caller drains), or answered with the `text_only` line. Refused, and stored nowhere, when the
 * conversation is closed, full or over the message rate.
 */
export async function takeVisitorMessage(
  intake: Intake,
  message: VisitorMessage,
  options: ReceiveOptions,
): Promise<Received> {
  const c = intake.context;
  const storedAs = c.log.seqOfClientId(message.clientId);
  if (storedAs !== null) return { ok: true, seq: storedAs, duplicate: true };
  const refusal = await refuseMessage(c.log, c.state, intake.rate, c.env);
  if (refusal) return refusal;
  if (options.identity) await takeChannelIdentity(c, options.identity);
  const event = c.emit({ type: "visitor_message", id: message.clientId, text: message.text });
  c.log.rememberClientId(message.clientId, event.seq);
  if (options.handOff) intake.arrivalHandoffs.mark(event.seq, options.handOff);
  if (options.textOnly) say(c, await intake.view(), "text_only");
  else intake.queue.enqueue(event.seq);
  return { ok: true, seq: event.seq, duplicate: false };
}

export async function refuseMessage(
  log: EventLog,
  lifecycle: LifecycleStore,
  rate: MessageRate,
  env: Env,
): Promise<Extract<Received, { ok: false }> | null> {
  if (lifecycle.has() && lifecycle.get().status === "closed")
    return { ok: false, code: "conversation_closed", message: "This conversation is closed; start a new one" };
  const totals = log.totals();
  if (totals.visitorMessages >= MAX_VISITOR_MESSAGES || totals.bytes >= MAX_LOG_BYTES)
    return {
      ok: false,
      code: "conversation_full",
      message: "This conversation is too long to continue; start a new one",
    };
  const meta = log.meta();
  const retryAfter = meta ? await rate.take(env, meta.agentId) : null;
  if (retryAfter !== null)
    return { ok: false, code: "rate_limited", message: `Too many messages; try again in ${retryAfter} s` };
  return null;
}

/**
 * The sender's address identifies the contact (as a typed address does: enough for `match_email`,
 * never proof), so the agent never asks for it. Only a message the channel proved makes the
 * conversation verified; a later message it could not prove takes that back, so a forged reply
 * into a verified thread is never trusted.
 */
export async function takeChannelIdentity(c: LifecycleContext, identity: ChannelIdentity): Promise<void> {
  const email = identity.email.toLowerCase();
  const before = c.identity.get();
  if (before.givenEmail !== email) {
    await captureEmail(c.env, { email, visitorId: c.meta.visitorId, conversationId: c.meta.conversationId });
    c.identity.update({ givenEmail: email });
    if (c.state.has()) c.state.update({ email: "captured" });
  }
  if (identity.proven) {
    if (before.verified?.email === email) return;
    const contact = await findOrCreateContact(c.env, email);
    c.identity.update({ verified: { contactId: contact.id, email, via: "email_dmarc" } });
    c.emit({ type: "verified", email });
  } else if (before.verified?.via === "email_dmarc") {
    c.identity.update({ verified: null });
  }
}

/**
 * A background answer's safety net: should the object stop before its drain finishes (an eviction,
 * a deploy), the alarm wakes it within this long and drains the turn queue again.
 */
export const BACKGROUND_ANSWER_CHECK_MS = 60_000;

/**
 * Answers the queued messages in the background, behind the safety net; once they are answered the
 * alarm is the quiet period's end again (a failed answer keeps the retry alarm it set).
 */
export async function answerInBackground(
  ctx: DurableObjectState,
  queue: Pick<TurnQueue, "hasPending">,
  drain: () => Promise<void>,
  lifecycle: () => LifecycleState,
): Promise<void> {
  await alarmNoLaterThan(ctx.storage, Date.now() + BACKGROUND_ANSWER_CHECK_MS);
  ctx.waitUntil(drain().then(() => queue.hasPending() || armQuietPeriod(ctx.storage, lifecycle())));
}
