/**
 * The conversation's WebSockets (hibernatable): who each socket is (kept in its attachment,
 * so it survives hibernation), replay on `hello`, and fan-out of new events to every socket
 * that has caught up.
 */
import type { Role, ServerEvent } from "../../worker/protocol/events";
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
};

export function attachment(ws: WebSocket): SocketAttachment | null {
  const value = ws.deserializeAttachment() as SocketAttachment | null;
  return value && typeof value.role === "string" ? value : null;
}

export function send(ws: WebSocket, event: ServerEvent): void {
  try {
    ws.send(JSON.stringify(event));
  } catch {
    // The socket is closing; its client will reconnect and replay what it missed.
  }
}

const REPLAY_PAGE_EVENTS = 200; // a replay reads the log in pages, never the whole of a long conversation at once

/** Sends every event after `lastSeq`, then `ready`, and from then on the socket gets live events. */
export function replay(ws: WebSocket, log: EventLog, lastSeq: number): void {
  const current = attachment(ws);
  if (!current) return;
  for (let from = lastSeq; ; ) {
    const page = log.page(from, REPLAY_PAGE_EVENTS);
    for (const event of page) send(ws, event);
    if (page.length < REPLAY_PAGE_EVENTS) break;
    from = page[page.length - 1]!.seq;
  }
  send(ws, { type: "ready", lastSeq: log.lastSeq() });
  if (!current.ready) ws.serializeAttachment({ ...current, ready: true } satisfies SocketAttachment);
}

/** Sends an event to every socket that has been replayed to (the others get it in their replay). */
export function broadcast(sockets: WebSocket[], event: ServerEvent): void {
  for (const ws of sockets) {
    if (attachment(ws)?.ready) send(ws, event);
  }
}
