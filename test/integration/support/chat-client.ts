/**
 * A test client for the chat protocol inside workerd: starts conversations through the
 * Worker's HTTP routes and talks to the Conversation Durable Object over real WebSockets.
 */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { ServerEvent } from "../../../worker/protocol/events";
import { parseServerEvent } from "../../../worker/protocol/parse";

const ORIGIN = "http://frontdesk.test";
const WAIT_LIMIT_MS = 10_000; // a guard against hangs, not a sleep: waits end as soon as the condition holds

export function workerFetch(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
}

export type Started = { conversationId: string; visitorId: string; visitorToken: string; resumed: boolean };

export async function startConversation(agentId: string, token?: string, resume = true): Promise<Started> {
  const response = await workerFetch(`/v1/agents/${agentId}/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ resume }),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as Started;
}

/** Asks for a socket ticket with the visitor token, as the panel does before each (re)connect. */
export function socketTicketResponse(conversationId: string, token: string, init: RequestInit = {}): Promise<Response> {
  return workerFetch(`/v1/conversations/${conversationId}/socket-ticket`, {
    ...init,
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...init.headers },
  });
}

/** Opens the socket with the ticket in its URL (no ticket when null). */
export function ticketSocketResponse(conversationId: string, ticket: string | null, init: RequestInit = {}) {
  const query = ticket === null ? "" : `?ticket=${encodeURIComponent(ticket)}`;
  return workerFetch(`/v1/conversations/${conversationId}/socket${query}`, {
    ...init,
    headers: { upgrade: "websocket", ...init.headers },
  });
}

/**
 * The socket upgrade for a visitor token: trades it for a ticket first, then opens the socket
 * (no ticket when `token` is null); a refused ticket request is returned as it is.
 */
export async function socketResponse(conversationId: string, token: string | null): Promise<Response> {
  if (token === null) return ticketSocketResponse(conversationId, null);
  const ticket = await socketTicketResponse(conversationId, token);
  if (!ticket.ok) return ticket;
  return ticketSocketResponse(conversationId, ((await ticket.json()) as { ticket: string }).ticket);
}

export class ChatSocket {
  readonly events: ServerEvent[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (message) => {
      const parsed = parseServerEvent(message.data as string);
      if (!parsed.ok) throw new Error(`server sent an invalid event: ${parsed.message}`);
      this.events.push(parsed.value);
      for (const listener of [...this.listeners]) listener();
    });
  }

  /** Opens a socket and, unless `hello` is false, sends hello and waits for the replay to finish. */
  static async open(conversationId: string, token: string, lastSeq = 0, hello = true): Promise<ChatSocket> {
    return ChatSocket.accept(await socketResponse(conversationId, token), lastSeq, hello);
  }

  /** Accepts a WebSocket upgrade response (any role's) and, unless `hello` is false, waits for the replay. */
  static async accept(response: Response, lastSeq = 0, hello = true): Promise<ChatSocket> {
    expect(response.status).toBe(101);
    const ws = response.webSocket!;
    ws.accept();
    const socket = new ChatSocket(ws);
    if (hello) {
      socket.send({ type: "hello", lastSeq });
      await socket.waitFor((events) => events.some((e) => e.type === "ready"));
    }
    return socket;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Resolves with the events as soon as `done(events)` holds; fails after WAIT_LIMIT_MS. */
  waitFor(done: (events: ServerEvent[]) => boolean): Promise<ServerEvent[]> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (!done(this.events)) return false;
        clearTimeout(timer);
        resolve(this.events);
        return true;
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`condition not met; events: ${JSON.stringify(this.events).slice(0, 2000)}`));
      }, WAIT_LIMIT_MS);
      const listener = () => {
        if (check()) this.listeners.delete(listener);
      };
      if (!check()) this.listeners.add(listener);
    });
  }

  /** Waits until `n` assistant replies (complete or error) have arrived. */
  waitForReplies(n: number): Promise<ServerEvent[]> {
    return this.waitFor(
      (events) => events.filter((e) => e.type === "assistant_complete" || e.type === "turn_error").length >= n,
    );
  }

  close(): void {
    this.ws.close(1000, "test done");
  }
}
