/**
 * One simulated visitor, as the widget behaves: starts a conversation over HTTP, holds its socket
 * with partysocket (a fresh single-use ticket on every (re)connect, then `hello` with the last seq
 * seen), resends a message that was not acknowledged once the socket is ready again, and records
 * every event it receives. The soak, the kill test and the benchmarks drive Frontdesk through it.
 */
import ReconnectingWebSocket from "partysocket/ws";
import type { LoggedEvent, ServerEvent } from "../../worker/protocol/events";
import { parseServerEvent } from "../../worker/protocol/parse";

export type TurnOutcome = "answered" | "turn_error" | "refused" | "timeout";

export type TurnResult = {
  messageId: string;
  outcome: TurnOutcome;
  /** Why a turn failed: the turn_error's or refusal's code. */
  code?: string;
  /** The seq the message was stored as (from its ack). */
  messageSeq?: number;
  /** Message sent → first streamed delta of its answer (the complete answer when nothing streamed). */
  firstDeltaMs?: number;
  /** Message sent → its ack (stored and queued; the object sends it before the turn's first wait on I/O). */
  ackMs?: number;
  /** Wall clock (ms since the epoch) when the message was handed to the socket, to line it up with the server's trace. */
  sentAt: number;
  /** Acks that said the message had been stored before (a resend after a reconnect). */
  duplicateAcks: number;
};

type Turn = {
  id: string;
  text: string;
  sentAt: number;
  messageSeq?: number;
  firstDeltaMs?: number;
  ackMs?: number;
  duplicateAcks: number;
  finish: (end: TurnEnd) => void;
};

type TurnEnd = { outcome: TurnOutcome; code?: string };

export type ConversationStart = { conversationId: string; visitorToken: string };

/** Starts a conversation for a new visitor; throws with the status and body when refused. */
export async function startConversation(
  baseUrl: string,
  agentId: string,
  headers: Record<string, string> = {},
): Promise<ConversationStart> {
  const response = await fetch(`${baseUrl}/v1/agents/${encodeURIComponent(agentId)}/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ resume: false }),
  });
  if (response.status !== 201) throw new Error(`conversation start: ${response.status} ${await response.text()}`);
  return (await response.json()) as ConversationStart;
}

/** A socket URL with a fresh single-use ticket, bought with the visitor token (which never goes in a URL). */
export async function socketUrl(baseUrl: string, start: ConversationStart): Promise<string> {
  const path = `/v1/conversations/${encodeURIComponent(start.conversationId)}`;
  const response = await fetch(`${baseUrl}${path}/socket-ticket`, {
    method: "POST",
    headers: { authorization: `Bearer ${start.visitorToken}` },
  });
  if (response.status !== 201) throw new Error(`socket ticket: ${response.status} ${await response.text()}`);
  const { ticket } = (await response.json()) as { ticket: string };
  return `${baseUrl.replace(/^http/, "ws")}${path}/socket?ticket=${encodeURIComponent(ticket)}`;
}

export class Visitor {
  /** Every logged event received, by seq (a later copy of a seq is an anomaly, not stored). */
  readonly seen = new Map<number, LoggedEvent>();
  /** What went wrong on the wire: seqs out of order or repeated. */
  readonly anomalies: string[] = [];
  private lastSeq = 0;
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private turn: Turn | null = null;
  private sent = 0;
  private readonly socket: ReconnectingWebSocket;

  constructor(
    readonly baseUrl: string,
    readonly start: ConversationStart,
    private readonly turnTimeoutMs = 120_000,
  ) {
    this.socket = new ReconnectingWebSocket(() => socketUrl(baseUrl, start), undefined, {
      maxEnqueuedMessages: 0, // nothing is buffered while offline: an unacknowledged message is resent after `ready`
      minReconnectionDelay: 100,
      maxReconnectionDelay: 2_000,
      connectionTimeout: 30_000,
    });
    this.socket.addEventListener("open", () => this.write({ type: "hello", lastSeq: this.lastSeq }));
    this.socket.addEventListener("close", () => (this.ready = false));
    this.socket.addEventListener("message", (message) => {
      if (typeof message.data !== "string") return;
      const parsed = parseServerEvent(message.data);
      if (parsed.ok) this.receive(parsed.value);
      else this.anomalies.push(`unparseable event: ${parsed.message}`);
    });
  }

  get conversationId(): string {
    return this.start.conversationId;
  }

  /** Resolves once the socket has been replayed to (now, or on the next connection). */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Sends a message and resolves when its answer is complete, failed, refused or timed out. */
  send(text: string): Promise<TurnResult> {
    if (this.turn) throw new Error("one message at a time");
    const id = `m${++this.sent}`;
    return new Promise<TurnResult>((resolve) => {
      const timer = setTimeout(() => done({ outcome: "timeout" }), this.turnTimeoutMs);
      const sentAt = Date.now();
      const turn: Turn = { id, text, sentAt: performance.now(), duplicateAcks: 0, finish: () => {} };
      const done = (end: TurnEnd) => {
        clearTimeout(timer);
        this.turn = null;
        resolve({
          messageId: id,
          messageSeq: turn.messageSeq,
          firstDeltaMs: turn.firstDeltaMs,
          ackMs: turn.ackMs,
          duplicateAcks: turn.duplicateAcks,
          sentAt,
          ...end,
        });
      };
      turn.finish = done;
      this.turn = turn;
      if (this.ready) this.write({ type: "message", id, text });
    });
  }

  close(): void {
    this.socket.close();
  }

  private write(frame: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private receive(event: ServerEvent): void {
    if (event.type === "ready") {
      this.ready = true;
      for (const resolve of this.readyWaiters.splice(0)) resolve();
      const turn = this.turn;
      if (turn && turn.messageSeq === undefined) this.write({ type: "message", id: turn.id, text: turn.text });
      return;
    }
    const turn = this.turn;
    if (event.type === "ack") {
      if (turn?.id !== event.id) return;
      turn.messageSeq = event.seq;
      turn.ackMs ??= performance.now() - turn.sentAt;
      if (event.duplicate) turn.duplicateAcks++;
      return;
    }
    if (event.type === "error") {
      if (turn) turn.finish({ outcome: "refused", code: event.code });
      return;
    }
    if (event.seq <= this.lastSeq) {
      this.anomalies.push(`seq ${event.seq} (${event.type}) after ${this.lastSeq}`);
      return;
    }
    this.lastSeq = event.seq;
    this.seen.set(event.seq, event);
    if (!turn || turn.messageSeq === undefined || event.seq <= turn.messageSeq) return;
    if (event.type === "assistant_delta" || event.type === "assistant_complete")
      turn.firstDeltaMs ??= performance.now() - turn.sentAt;
    if (event.type === "assistant_complete") turn.finish({ outcome: "answered" });
    // An interrupted answer is answered again by the conversation: keep waiting for that one.
    if (event.type === "turn_error" && event.code !== "interrupted")
      turn.finish({ outcome: "turn_error", code: event.code });
  }
}
