/**
 * One conversation as a Durable Object: the single writer of its event log, the home of its
 * hibernating WebSockets, and the runner of its turns (one at a time, in order). The helpers
 * beside this file own the log, the sockets and the queue; this class wires them together.
 */
import { DurableObject } from "cloudflare:workers";
import { database } from "../worker/db/client";
import { conversations } from "../worker/db/schema";
import { parseClientFrame } from "../worker/protocol/parse";
import type { LoggedEvent, MessageFrame, Role } from "../worker/protocol/events";
import { EventLog, type ConversationMeta, type NewEvent } from "./event-log";
import { attachment, broadcast, replay, send, type SocketAttachment } from "./sockets";
import { TurnQueue } from "./turn-queue";
import { runTurnFor, unfinishedTurnAfter } from "./turn-runner";

/** Headers the Worker sets after it has checked the visitor token; clients never reach the DO directly. */
export const VISITOR_HEADER = "x-frontdesk-visitor";
export const ROLE_HEADER = "x-frontdesk-role";

const NORMAL_CLOSURE = 1000; // 1005 ("no status") may not be echoed back, so closes are answered with 1000

export class ConversationDO extends DurableObject<Env> {
  private readonly log: EventLog;
  private readonly queue: TurnQueue;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.log = new EventLog(ctx.storage.sql);
    this.queue = new TurnQueue(ctx.storage.sql);
    for (const messageSeq of this.queue.recoverInterrupted()) {
      const turnId = unfinishedTurnAfter(this.log, messageSeq);
      if (turnId) this.emit({ type: "turn_error", turnId, code: "interrupted", message: "The answer was interrupted; answering again." });
    }
  }

  /** Creates the conversation (idempotent): its metadata, its D1 row and the first status event. */
  async start(meta: ConversationMeta): Promise<void> {
    if (this.log.meta()) return;
    this.log.setMeta(meta);
    const now = Date.now();
    await database(this.env)
      .insert(conversations)
      .values({ id: meta.conversationId, agentId: meta.agentId, visitorId: meta.visitorId, channel: meta.channel, status: "bot", createdAt: now, updatedAt: now })
      .onConflictDoNothing();
    this.emit({ type: "status", status: "bot", poweredByAi: true });
  }

  /** Everything in the log after `afterSeq` (for tests and, later, the inbox and replay tools). */
  async events(afterSeq = 0): Promise<LoggedEvent[]> {
    return this.log.after(afterSeq);
  }

  async fetch(request: Request): Promise<Response> {
    const meta = this.log.meta();
    if (!meta) return new Response("conversation not found", { status: 404 });
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    const visitorId = request.headers.get(VISITOR_HEADER);
    const role = request.headers.get(ROLE_HEADER) as Role | null;
    if (role !== "visitor" || visitorId !== meta.visitorId) return new Response("forbidden", { status: 403 });

    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ role, visitorId, ready: false } satisfies SocketAttachment);
    if (this.queue.hasPending()) this.ctx.waitUntil(this.drain());
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    if (!attachment(ws)) return ws.close(1008, "unauthenticated");
    const frame = parseClientFrame(raw);
    if (!frame.ok) return send(ws, { type: "error", code: frame.code, message: frame.message });
    if (frame.value.type === "hello") return replay(ws, this.log, frame.value.lastSeq);
    return this.receiveMessage(ws, frame.value);
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

  private async receiveMessage(ws: WebSocket, frame: MessageFrame): Promise<void> {
    const storedAs = this.log.seqOfClientId(frame.id);
    if (storedAs !== null) return send(ws, { type: "ack", id: frame.id, seq: storedAs, duplicate: true });
    const event = this.emit({ type: "visitor_message", id: frame.id, text: frame.text });
    this.log.rememberClientId(frame.id, event.seq);
    this.queue.enqueue(event.seq);
    send(ws, { type: "ack", id: frame.id, seq: event.seq, duplicate: false });
    await this.drain();
  }

  /** Runs queued turns; the caller that started the drain awaits it, which keeps the object awake. */
  private drain(): Promise<void> {
    const meta = this.log.meta();
    if (!meta) return Promise.resolve();
    const context = { env: this.env, agentId: meta.agentId, conversationId: meta.conversationId, log: this.log, emit: (e: NewEvent) => this.emit(e) };
    return this.queue.drain((messageSeq) => runTurnFor(context, messageSeq));
  }

  private emit(event: NewEvent): LoggedEvent {
    const logged = this.log.append(event);
    broadcast(this.ctx.getWebSockets(), logged);
    return logged;
  }
}
