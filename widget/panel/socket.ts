/**
 * The conversation's WebSocket: partysocket's reconnecting socket (the small `partysocket/ws`
 * build) on the Worker's origin. Each (re)connect sends `hello` with the last seq seen; every
 * incoming frame is validated by the shared protocol parser and invalid ones are dropped.
 */
import ReconnectingWebSocket from "partysocket/ws";
import { CLOSE_CONVERSATION_GONE, type ClientFrame, type ServerEvent } from "../../worker/protocol/events";
import { parseServerEvent } from "../../worker/protocol/parse";

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

export function socketUrl(origin: string, conversationId: string, token: string): string {
  const url = new URL(`/v1/conversations/${encodeURIComponent(conversationId)}/socket`, origin);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("token", token);
  return url.href;
}

export function openSocket(options: SocketOptions): ConversationSocket {
  const socket = new ReconnectingWebSocket(
    () => socketUrl(location.origin, options.conversationId, options.token()),
    undefined,
    {
      maxEnqueuedMessages: NO_QUEUE,
    },
  );
  const send = (frame: ClientFrame): boolean => socket.readyState === socket.OPEN && socket.send(JSON.stringify(frame));
  socket.addEventListener("open", () => send({ type: "hello", lastSeq: options.lastSeq() }));
  socket.addEventListener("message", (message) => {
    if (typeof message.data !== "string") return; // the server speaks JSON text only
    const parsed = parseServerEvent(message.data);
    if (parsed.ok) options.onEvent(parsed.value);
  });
  socket.addEventListener("close", (event) => {
    if (event.code !== CLOSE_CONVERSATION_GONE) return options.onDisconnect();
    socket.close();
    options.onGone();
  });
  return { send, close: () => socket.close() };
}
