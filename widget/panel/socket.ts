/**
 * The conversation's WebSocket: partysocket's reconnecting socket (the small `partysocket/ws`
 * build) on the Worker's origin. Each (re)connect first trades the visitor token for a fresh
 * single-use socket ticket (the token itself never goes in a URL), then sends `hello` with the
 * last seq seen; every incoming frame is validated (`server-event.ts`, the shared protocol parser's
 * checks in the panel's lean form) and invalid ones are dropped.
 */
import ReconnectingWebSocket from "partysocket/ws";
import { ApiError, call } from "./api";
import { CLOSE_CONVERSATION_GONE, type ClientFrame, type ServerEvent } from "../../worker/protocol/events";
import { readServerEvent } from "./server-event";

const NO_QUEUE = 0; // partysocket must not buffer frames while offline: the outbox resends them after `ready`

export type SocketOptions = {
  conversationId: string;
  /** Read on every (re)connect, so a renewed token is used next time. */
  token(): string;
  /** Read on every (re)connect: the highest seq already shown. */
  lastSeq(): number;
  onEvent(event: ServerEvent): void;
  onDisconnect(): void;
  /** The conversation no longer exists (it was erased): the socket stops reconnecting. */
  onGone(): void;
};

export type ConversationSocket = {
  /** Sends a frame when connected; false when it was not sent. */
  send(frame: ClientFrame): boolean;
  close(): void;
};

const conversationPath = (conversationId: string): string => `/v1/conversations/${encodeURIComponent(conversationId)}`;

/** The socket's address on this page's origin, over ws: or wss: as the page is served over http: or https:. */
export const socketUrl = (origin: string, conversationId: string, ticket: string): string =>
  `${origin.replace(/^http/, "ws")}${conversationPath(conversationId)}/socket?ticket=${encodeURIComponent(ticket)}`;

/** A one-minute, single-use socket ticket bought with the visitor token (sent in a header). */
async function socketTicket(conversationId: string, token: string): Promise<string> {
  const fields = await call(`${conversationPath(conversationId)}/socket-ticket`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  if (typeof fields.ticket !== "string") throw new ApiError("bad_response", "Unexpected response");
  return fields.ticket;
}

export function openSocket(options: SocketOptions): ConversationSocket {
  // Called before every (re)connect; a failed call is retried by partysocket with its back-off.
  const url = async (): Promise<string> => {
    try {
      return socketUrl(
        location.origin,
        options.conversationId,
        await socketTicket(options.conversationId, options.token()),
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === "not_found") {
        socket.close(); // the conversation was erased: stop reconnecting
        options.onGone();
      }
      throw error;
    }
  };
  const socket = new ReconnectingWebSocket(url, undefined, {
    maxEnqueuedMessages: NO_QUEUE,
  });
  const send = (frame: ClientFrame): boolean => socket.readyState === socket.OPEN && socket.send(JSON.stringify(frame));
  socket.addEventListener("open", () => send({ type: "hello", lastSeq: options.lastSeq() }));
  socket.addEventListener("message", (message) => {
    if (typeof message.data !== "string") return; // the server speaks JSON text only
    const event = readServerEvent(message.data);
    if (event) options.onEvent(event);
  });
  socket.addEventListener("close", (event) => {
    if (event.code !== CLOSE_CONVERSATION_GONE) return options.onDisconnect();
    socket.close();
    options.onGone();
  });
  return { send, close: () => socket.close() };
}
