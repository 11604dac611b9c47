/**
 * One conversation as a Durable Object: writer of its event log, home of its hibernating WebSockets (the visitor's
 * and staff's), runner of its turns (one at a time, in order), keeper of its lifecycle. Helpers beside it own each part.
 */
import { DurableObject } from "cloudflare:workers";
import { publishedAgent } from "../../worker/db/published-agent";
import { database } from "../../worker/db/client";
import { conversations } from "../../worker/db/schema";
import { agentAvailability } from "../../worker/handoff/availability";
import { channelSettings } from "../../worker/lifecycle/settings";
import { parseClientFrame } from "../../worker/protocol/parse";
import type { VisitorMessage } from "../../worker/channels/channel";
import { liveChat } from "../../worker/channels/live-chat/channel";
import type { LoggedEvent, Person } from "../../worker/protocol/events";
import { EventLog, type ConversationMeta, type NewEvent } from "./event-log";
import type { VerifiedVia } from "../../worker/crm/identity";
import { IdentityStore, markConversationVerified } from "./identity-state";
import { AwaitingStore } from "./awaiting-state";
import { eraseConversationStorage } from "./erase";
import { claim, closeByStaff, handBack, type StaffActionResult } from "../../worker/handoff/handoff";
import { close } from "../../worker/lifecycle/close";
import { forgetAlarmTime, setAlarmTime } from "../../worker/lifecycle/alarm-clock";
import { writeUnwrittenRow } from "../../worker/lifecycle/conversation-row";
import {
  agentView,
  armQuietPeriod,
  quietPeriodEnd,
  announceStatus,
  touch,
  type AgentView,
  type LifecycleContext,
} from "../../worker/lifecycle/context";
import { initialLifecycle, LifecycleStore } from "./lifecycle-state";
import { acceptSocket, attachment, broadcast, replay, send } from "./sockets";
import { receiveVerdict } from "./feedback";
import { socketIdentity } from "./socket-identity";
import { receiveStaffMessage } from "./staff-message";
import { MessageRate } from "./message-rate";
import { UsedTickets } from "./socket-tickets";
import { ensureConversationTables } from "./tables";
import { TurnQueue } from "./turn-queue";
import { ArrivalHandoffs } from "./arrival-handoffs";
import { announceInterrupted } from "./turn-runner";
import { visitorMessageHandlers } from "./visitor-message";
import { answerInBackground, takeVisitorMessage, type Received, type ReceiveOptions } from "./message-intake";
import { sendOnChannel } from "../../worker/channels/outbox";
import type { HandIn, HandInResult } from "../../worker/handoff/hand-in";
import { handIn } from "./hand-in";

const NORMAL_CLOSURE = 1000; // 1005 ("no status") may not be echoed back, so closes are answered with 1000
const TURN_RETRY_DELAY_MS = 5_000; // a failed turn is tried again by the alarm after a pause, for a passing fault to pass

export class ConversationDO extends DurableObject<Env> {
  private readonly log: EventLog;
  private readonly queue: TurnQueue;
  private readonly lifecycle: LifecycleStore;
  private readonly identity: IdentityStore;
  private readonly awaiting: AwaitingStore;
  private readonly messageRate: MessageRate;
  private readonly tickets: UsedTickets;
  private readonly arrivalHandoffs: ArrivalHandoffs;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ensureConversationTables(ctx.storage);
    this.log = new EventLog(ctx.storage.sql);
    this.queue = new TurnQueue(ctx.storage.sql);
    this.lifecycle = new LifecycleStore(ctx.storage.sql);
    this.identity = new IdentityStore(ctx.storage.sql);
    this.awaiting = new AwaitingStore(ctx.storage.sql);
    this.messageRate = new MessageRate(ctx.storage.sql);
    this.tickets = new UsedTickets(ctx.storage.sql);
    this.arrivalHandoffs = new ArrivalHandoffs(ctx.storage.sql);
    announceInterrupted(this.queue, this.log, (event) => this.emit(event));
  }

  /** Creates the conversation (idempotent): its metadata, its D1 row, the first status and the inactivity alarm. */
  async start(meta: ConversationMeta): Promise<void> {
    if (this.log.meta()) return;
    const now = Date.now();
    const agent = await publishedAgent(database(this.env), meta.agentId);
    const availability = agent ? await agentAvailability(this.env, agent, meta.channel, now) : { assigned: false };
    const inactivity = agent ? channelSettings(agent.settings, meta.channel).inactivityMinutes : null;
    this.log.setMeta(meta);
    const state = this.lifecycle.set(initialLifecycle(now, availability.assigned, inactivity));
    await database(this.env)
      .insert(conversations)
      .values({
        id: meta.conversationId,
        agentId: meta.agentId,
        visitorId: meta.visitorId,
        channel: meta.channel,
        channelAddress: meta.channelAddress ?? null,
        deploymentId: meta.deploymentId ?? null,
        status: "bot",
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing();
    const context = this.context();
    if (context) {
      announceStatus(context, state);
      await touch(context, now);
    }
  }

  /** Everything in the log after `afterSeq` (for tests, the inbox and replay tools). */
  async events(afterSeq = 0): Promise<LoggedEvent[]> {
    return this.log.after(afterSeq);
  }

  /** Erases everything the object holds (GDPR erase of its contact): sockets, alarm, log and state. Idempotent. */
  async erase(): Promise<void> {
    await eraseConversationStorage(this.ctx, () => this.queue.idle());
    this.log.forgetMeta();
  }

  /** A staff member takes the conversation (from the inbox). Staff actions apply after the visitor messages already received. */
  async claim(staff: Person): Promise<StaffActionResult> {
    return this.staffAction((context, view) => claim(context, view, staff));
  }

  async handBack(staffId: string): Promise<StaffActionResult> {
    return this.staffAction((context, view) => handBack(context, view, staffId));
  }

  async closeByStaff(staffId: string): Promise<StaffActionResult> {
    return this.staffAction((context, view) => closeByStaff(context, view, staffId));
  }

  /** The owner's workflow hands the conversation to the agent (hand-in.ts); an answer is written in the background. */
  async handIn(request: HandIn): Promise<HandInResult> {
    const context = this.context();
    if (!context) return { ok: false, code: "not_found", message: "Conversation not found" };
    await this.queue.idle(); // after the visitor messages already received, as staff actions are
    const result = await handIn(context, await this.view(), request, this.queue);
    if (result.ok && request.mode !== "message") this.ctx.waitUntil(this.drain());
    return result;
  }

  /** The visitor proved to be the contact (link or host site; identity-state.ts); a question that waited is answered. */
  async markVerified(input: { contactId: string; email: string; via: VerifiedVia }): Promise<{ ok: boolean }> {
    const context = this.context();
    if (!context) return { ok: false };
    // A question that waited is answered in the background, after the turn that sent the link, which may still be finishing.
    const answerAgain = async (messageSeq: number) => {
      await this.queue.idle();
      this.queue.enqueue(messageSeq);
      await this.drain();
    };
    markConversationVerified(context, input, (messageSeq) => this.ctx.waitUntil(answerAgain(messageSeq)));
    return { ok: true };
  }

  /** A line of the conversation could not be delivered on its channel, after every retry: the log says so, for staff. */
  async deliveryFailed(input: { seq: number; error: string }): Promise<void> {
    if (!this.log.meta()) return;
    this.emit({ type: "delivery_failed", ofSeq: input.seq, error: input.error.slice(0, 500) });
  }

  /** The alarm: writes a kept row and retries a failed turn, then closes the conversation once its quiet period has passed (idempotent). */
  async alarm(): Promise<void> {
    forgetAlarmTime(this.ctx.storage); // the runtime clears the alarm that fired
    const context = this.context();
    if (!context || !(await writeUnwrittenRow(context))) return; // a row still unwritten has armed its next try
    if (this.queue.hasPending()) {
      await this.drain();
      if (this.queue.hasPending()) return; // it failed again and set the alarm for its next try
    }
    const state = this.lifecycle.get();
    if (quietPeriodEnd(state) === null || (await armQuietPeriod(this.ctx.storage, state))) return;
    await close(context, await this.view());
  }

  async fetch(request: Request): Promise<Response> {
    const meta = this.log.meta();
    if (!meta) return new Response("conversation not found", { status: 404 });
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket")
      return new Response("expected a WebSocket upgrade", { status: 426 });
    const who = socketIdentity(request, meta);
    if (!who) return new Response("forbidden", { status: 403 });
    if (who.role === "visitor" && !this.tickets.spendFrom(request))
      return new Response("socket ticket already used", { status: 401 });
    if (this.queue.hasPending()) this.ctx.waitUntil(this.drain());
    return acceptSocket(this.ctx, who);
  }

  async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const who = attachment(ws);
    if (!who) return ws.close(1008, "unauthenticated");
    const frame = parseClientFrame(raw);
    if (!frame.ok) return send(ws, { type: "error", code: frame.code, message: frame.message });
    if (frame.value.type === "hello") return replay(ws, this.log, frame.value.lastSeq);
    if (frame.value.type === "feedback" || frame.value.type === "rating") {
      const context = this.context();
      return context ? receiveVerdict(context, ws, who, frame.value) : undefined;
    }
    if (who.role === "staff") {
      const context = this.context();
      return context ? receiveStaffMessage(context, ws, who, frame.value) : undefined;
    }
    const inbound = liveChat.receive(frame.value);
    if (!inbound.ok) return send(ws, { type: "error", code: inbound.code, message: inbound.message });
    const taken = await this.receive(inbound.message, { answer: "now" });
    if (!taken.ok) return send(ws, { type: "error", code: taken.code, message: taken.message });
    send(ws, { type: "ack", id: inbound.message.clientId, seq: taken.seq, duplicate: taken.duplicate });
    if (!taken.duplicate) await this.drain();
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 ? NORMAL_CLOSURE : code, reason);
    } catch {
      // Already closed.
    }
  }

  async webSocketError(): Promise<void> {
    // The client reconnects and replays; nothing to clean up.
  }

  /**
   * A visitor message from any channel: stored once per client id, then answered in turn — at once
   * by the caller's own drain (the live-chat socket), or in the background (`answer: "later"`, for a
   * webhook that must be answered quickly). Refused when closed, full or over the message rate.
   */
  async receive(message: VisitorMessage, options: ReceiveOptions = { answer: "later" }): Promise<Received> {
    const context = this.context();
    if (!context) return { ok: false, code: "conversation_closed", message: "Conversation not found" };
    const intake = {
      context,
      queue: this.queue,
      rate: this.messageRate,
      arrivalHandoffs: this.arrivalHandoffs,
      view: () => this.view(),
    };
    const received = await takeVisitorMessage(intake, message, options);
    if (received.ok && !received.duplicate && options.answer === "later") {
      await answerInBackground(
        this.ctx,
        this.queue,
        () => this.drain(),
        () => this.lifecycle.get(),
      );
    }
    return received;
  }

  private async staffAction(
    act: (context: LifecycleContext, view: AgentView | null) => Promise<StaffActionResult>,
  ): Promise<StaffActionResult> {
    const context = this.context();
    if (!context) return notFound();
    await this.queue.idle();
    return act(context, await this.view());
  }

  /** Handles queued visitor messages; the caller that started the drain awaits it, which keeps the object awake. */
  private drain(): Promise<void> {
    const context = this.context();
    if (!context) return Promise.resolve();
    if (!this.lifecycle.has()) this.lifecycle.set(initialLifecycle(Date.now(), true, null)); // conversations from before lifecycles
    return this.queue.drain({
      ...visitorMessageHandlers(context, (messageSeq) => this.arrivalHandoffs.reasonFor(messageSeq)),
      retryLater: () => setAlarmTime(this.ctx.storage, Date.now() + TURN_RETRY_DELAY_MS),
    });
  }

  private context(): LifecycleContext | null {
    const meta = this.log.meta();
    if (!meta) return null;
    return {
      env: this.env,
      ctx: this.ctx,
      meta,
      log: this.log,
      state: this.lifecycle,
      identity: this.identity,
      awaiting: this.awaiting,
      emit: (e: NewEvent) => this.emit(e),
      markAnswered: (outcome: string) => this.queue.markAnswered(outcome),
    };
  }

  private async view(): Promise<AgentView | null> {
    const meta = this.log.meta();
    const agent = meta ? await publishedAgent(database(this.env), meta.agentId) : null;
    return agent && meta ? agentView(agent, meta.channel) : null;
  }

  private emit(event: NewEvent): LoggedEvent {
    const { event: logged, frame } = this.log.appendFramed(event);
    broadcast(this.ctx.getWebSockets(), logged, frame);
    const meta = this.log.meta();
    if (meta?.deploymentId) this.ctx.waitUntil(sendOnChannel(this.env, meta, logged));
    return logged;
  }
}

const notFound = (): StaffActionResult => ({ ok: false, code: "closed", message: "Conversation not found" });
