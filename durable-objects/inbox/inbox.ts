/**
 * One shard of the staff inbox's live hub: the shard of one agent (`worker/inbox/hub.ts`). Every
 * open inbox holds a hibernating WebSocket on each agent's shard, so presence is "has a socket open",
 * and a change to one of the agent's conversations is pushed to them as a `conversation` event
 * (`conversation_removed` once erased). With no inbox open, or when nothing an inbox shows changed
 * since the last push, an update costs no frame at all.
 */
import { DurableObject } from "cloudflare:workers";
import type { ConversationSummary, InboxEvent } from "../../worker/protocol/inbox-events";
import { STAFF_ID_HEADER } from "../../worker/protocol/internal-headers";

const NORMAL_CLOSURE = 1000;
/** Conversations whose last pushed summary is remembered (to skip repeats): the busiest few hundred suffice. */
const REMEMBERED_SUMMARIES = 500;

export class InboxDO extends DurableObject<Env> {
  /** The last frame pushed per conversation, newest last; lost on hibernation, which only costs a repeat. */
  private readonly pushed = new Map<string, string>();

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

  /** Whether any inbox holds a socket here (no update needs reading while none does). */
  async inboxOpen(): Promise<boolean> {
    return this.ctx.getWebSockets().length > 0;
  }

  /** Pushes the summary to every open inbox, unless none is open or it is the one pushed last for this conversation. */
  async conversationChanged(conversation: ConversationSummary): Promise<boolean> {
    const sockets = this.ctx.getWebSockets();
    if (sockets.length === 0) return false;
    const frame = JSON.stringify({ type: "conversation", conversation } satisfies InboxEvent);
    if (this.pushed.get(conversation.id) === frame) return false;
    this.pushed.delete(conversation.id);
    this.pushed.set(conversation.id, frame);
    if (this.pushed.size > REMEMBERED_SUMMARIES) this.pushed.delete(this.pushed.keys().next().value as string);
    this.send(sockets, frame);
    return true;
  }

  /** The conversation was erased: open inboxes drop it. */
  async conversationRemoved(id: string): Promise<void> {
    this.pushed.delete(id);
    this.send(this.ctx.getWebSockets(), JSON.stringify({ type: "conversation_removed", id } satisfies InboxEvent));
  }

  private send(sockets: WebSocket[], frame: string): void {
    for (const ws of sockets) {
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
