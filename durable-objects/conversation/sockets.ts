/**
 * The conversation's WebSockets (hibernatable): who each socket is (kept in its attachment,
 * so it survives hibernation), replay on `hello`, and fan-out of new events to every socket
 * that has caught up.
 */
import { STAFF_ONLY_EVENTS, type Role, type ServerEvent } from "../../worker/protocol/events";
import type { EventLog } from "./event-log";

/** Stored on each socket; `ready` turns true once the socket has been replayed to. */
export type SocketAttachment = {
  role: Role;
  visitorId: string;
  staffId?: string;
  staffName?: string;
  /** The hash of the staff session that opened the socket, re-checked on every staff message. */
  staffSession?: string;
  ready: boolean;
  /** The start of the current minute of `hello`s and how many came in it (each replays the log). */
  hellos?: { since: number; count: number };
};

const MAX_HELLOS_PER_MINUTE = 10; // a reconnecting client says hello once per connection; more is a replay flood

/**
 * Each socket's attachment as this instance of the object last read or wrote it (every write goes through
 * `setAttachment`): a broadcast reads it for every socket on every event. A socket woken from hibernation is
 * a new object here, read from its stored attachment once.
 */
const attachments = new WeakMap<WebSocket, SocketAttachment | null>();

export function attachment(ws: WebSocket): SocketAttachment | null {
  const kept = attachments.get(ws);
  if (kept !== undefined) return kept;
  const value = ws.deserializeAttachment() as SocketAttachment | null;
  const who = value && typeof value.role === "string" ? value : null;
  attachments.set(ws, who);
  return who;
}

function setAttachment(ws: WebSocket, who: SocketAttachment): void {
  ws.serializeAttachment(who);
  attachments.set(ws, who);
}

export function send(ws: WebSocket, event: ServerEvent): void {
  sendFrame(ws, JSON.stringify(event));
}

function sendFrame(ws: WebSocket, frame: string): void {
  try {
    ws.send(frame);
  } catch {
    // The socket is closing; its client will reconnect and replay what it missed.
  }
}

/** Whether the socket's person may see `event` (the visitor never sees staff-only events). */
const shown = (who: SocketAttachment, event: ServerEvent): boolean =>
  who.role !== "visitor" || !STAFF_ONLY_EVENTS.has(event.type as never);

const REPLAY_PAGE_EVENTS = 200; // a replay reads the log in pages, never the whole of a long conversation at once

/** Counts a `hello` on this socket; false once it has said hello too often this minute (no replay then). */
function takeHello(ws: WebSocket, current: SocketAttachment, now = Date.now()): boolean {
  const window = current.hellos && now - current.hellos.since < 60_000 ? current.hellos : { since: now, count: 0 };
  if (window.count >= MAX_HELLOS_PER_MINUTE) return false;
  setAttachment(ws, { ...current, hellos: { since: window.since, count: window.count + 1 } });
  return true;
}

/** Sends every event after `lastSeq`, then `ready`, and from then on the socket gets live events. */
export function replay(ws: WebSocket, log: EventLog, lastSeq: number): void {
  const first = attachment(ws);
  if (!first) return;
  if (!takeHello(ws, first)) {
    send(ws, { type: "error", code: "rate_limited", message: "Too many hello frames; reconnect later" });
    return;
  }
  const current = attachment(ws)!;
  for (let from = lastSeq; ; ) {
    const page = log.page(from, REPLAY_PAGE_EVENTS);
    for (const event of page) if (shown(current, event)) send(ws, event);
    if (page.length < REPLAY_PAGE_EVENTS) break;
    from = page[page.length - 1]!.seq;
  }
  send(ws, { type: "ready", lastSeq: log.lastSeq() });
  if (!current.ready) setAttachment(ws, { ...current, ready: true });
}

/**
 * Sends an event (as `frame`, its JSON, when the caller has it) to every socket that has been replayed to (the others
 * get it in their replay).
 */
export function broadcast(sockets: WebSocket[], event: ServerEvent, frame = JSON.stringify(event)): void {
  for (const ws of sockets) {
    const who = attachment(ws);
    if (who?.ready && shown(who, event)) sendFrame(ws, frame);
  }
}

/** Accepts a hibernating socket for `who`; the response that upgrades the request to it. */
export function acceptSocket(ctx: DurableObjectState, who: SocketAttachment): Response {
  const pair = new WebSocketPair();
  ctx.acceptWebSocket(pair[1]);
  setAttachment(pair[1], who);
  return new Response(null, { status: 101, webSocket: pair[0] });
}
