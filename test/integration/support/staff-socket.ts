/**
 * A staff member's socket straight to a Conversation Durable Object, with the headers the
 * Worker sets after checking a staff session (the inbox route's own auth is tested elsewhere).
 */
import { expect } from "vitest";
import { ROLE_HEADER, STAFF_ID_HEADER, STAFF_NAME_HEADER } from "../../../durable-objects/conversation";
import type { ServerEvent } from "../../../worker/protocol/events";
import { parseServerEvent } from "../../../worker/protocol/parse";
import { conversationStub } from "./lifecycle";

const WAIT_LIMIT_MS = 10_000; // a guard against hangs, not a sleep

export class StaffSocket {
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

  static async open(conversationId: string, staff: { id: string; name: string }): Promise<StaffSocket> {
    const response = await conversationStub(conversationId).fetch("http://do/socket", {
      headers: { upgrade: "websocket", [ROLE_HEADER]: "staff", [STAFF_ID_HEADER]: staff.id, [STAFF_NAME_HEADER]: encodeURIComponent(staff.name) },
    });
    expect(response.status).toBe(101);
    const ws = response.webSocket!;
    ws.accept();
    const socket = new StaffSocket(ws);
    socket.send({ type: "hello", lastSeq: 0 });
    await socket.waitFor((events) => events.some((e) => e.type === "ready"));
    return socket;
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  waitFor(done: (events: ServerEvent[]) => boolean): Promise<ServerEvent[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`condition not met; events: ${JSON.stringify(this.events).slice(0, 2000)}`)), WAIT_LIMIT_MS);
      const check = (): boolean => {
        if (!done(this.events)) return false;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(this.events);
        return true;
      };
      if (!check()) this.listeners.add(check);
    });
  }

  close(): void {
    this.ws.close(1000, "test done");
  }
}
