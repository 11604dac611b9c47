/**
 * The staff inbox's live hub (one object for the deployment): every open inbox holds a
 * hibernating WebSocket here, so presence is "has a socket open", and a change to any
 * conversation is pushed to all of them as a `conversation` event (`conversation_removed` once erased).
 */
import { DurableObject } from "cloudflare:workers";
import type { ConversationSummary, InboxEvent } from "../../worker/protocol/inbox-events";
import { STAFF_ID_HEADER } from "../../worker/protocol/internal-headers";

const NORMAL_CLOSURE = 1000;

export class InboxDO extends DurableObject<Env> {
  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket")
      return new Response("expected a WebSocket upgrade", { status: 426 });
    const staffId = request.headers.get(STAFF_ID_HEADER);
    if (!staffId) return new Response("forbidden", { status: 403 });
    const pair = new WebSocketPair();
    // The tag lets presence and "drop this person's sockets" find them without reading attachments.
    this.ctx.acceptWebSocket(pair[1], [staffId]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /** Staff ids with at least one inbox open. */
  async connectedStaffIds(): Promise<string[]> {
    const ids = new Set<string>();
    for (const ws of this.ctx.getWebSockets()) {
      for (const tag of this.ctx.getTags(ws)) ids.add(tag);
    }
    return [...ids];
  }

  async conversationChanged(conversation: ConversationSummary): Promise<void> {
    this.broadcast({ type: "conversation", conversation });
  }

  /** The conversation was erased: open inboxes drop it. */
  async conversationRemoved(id: string): Promise<void> {
    this.broadcast({ type: "conversation_removed", id });
  }

  private broadcast(event: InboxEvent): void {
    const frame = JSON.stringify(event);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(frame);
      } catch {
        // Closing; the inbox reloads its list when it reconnects.
      }
    }
  }

  /** Closes a staff member's inbox sockets (they were deleted or signed out everywhere). */
  async disconnect(staffId: string): Promise<void> {
    for (const ws of this.ctx.getWebSockets(staffId)) ws.close(NORMAL_CLOSURE, "signed out");
  }

  async webSocketMessage(): Promise<void> {
    // The inbox only listens; its actions go through the HTTP API.
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 ? NORMAL_CLOSURE : code, reason);
    } catch {
      // Already closed.
    }
  }
}
