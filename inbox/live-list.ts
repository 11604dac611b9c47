/**
 * The inbox's live list: one socket on each agent's hub shard (the server sends an agent's
 * conversation updates to its shard only), the agents listed again now and then so a new agent's
 * conversations show up live too. Frames are checked with the shared protocol parser. A socket that
 * opens has the lists read again at once and once more UNWATCHED_HINT_MS later: conversations that
 * found no inbox open just before do not ask again for that long, so their changes come by the lists.
 */
import ReconnectingWebSocket from "partysocket/ws";
import { parseInboxEvent, UNWATCHED_HINT_MS, type InboxEvent } from "../worker/protocol/inbox-events";
import { listAgentIds, socketUrl } from "./api";

/** How often the agents are listed again: a new agent is rare, and its first conversations also reach the lists on reload. */
const AGENTS_REFRESH_MS = 60_000;
/** The second reading of the lists after a socket opens comes this long after the conversations' hint ran out. */
export const CATCH_UP_MARGIN_MS = 500;

export type LiveListHandlers = {
  event: (event: InboxEvent) => void;
  /** A socket (re)opened, or it did UNWATCHED_HINT_MS ago: the lists may have missed changes meanwhile. */
  opened: () => void;
  /** A socket closed or was refused: the session may have ended. */
  closed: () => void;
  failed: (failure: unknown) => void;
};

/** Follows every agent's shard until the returned function is called. */
export function followAgents(handlers: LiveListHandlers): () => void {
  const sockets = new Map<string, ReconnectingWebSocket>();
  const catchUps = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;
  const opened = (): void => {
    handlers.opened();
    const timer = setTimeout(() => {
      catchUps.delete(timer);
      if (!stopped) handlers.opened();
    }, UNWATCHED_HINT_MS + CATCH_UP_MARGIN_MS);
    catchUps.add(timer);
  };
  const open = (agentId: string): ReconnectingWebSocket => {
    const ws = new ReconnectingWebSocket(socketUrl(`/socket?agent=${encodeURIComponent(agentId)}`), undefined, {
      maxEnqueuedMessages: 0,
    });
    ws.addEventListener("open", opened);
    ws.addEventListener("close", handlers.closed);
    ws.addEventListener("message", (message) => {
      const event = typeof message.data === "string" ? parseInboxEvent(message.data) : null;
      if (event) handlers.event(event);
    });
    return ws;
  };
  const follow = async (): Promise<void> => {
    const ids = await listAgentIds();
    if (stopped) return;
    for (const id of ids) if (!sockets.has(id)) sockets.set(id, open(id));
    for (const [id, ws] of sockets)
      if (!ids.includes(id)) {
        ws.close();
        sockets.delete(id);
      }
  };
  const refresh = () => void follow().catch(handlers.failed);
  refresh();
  const timer = setInterval(refresh, AGENTS_REFRESH_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
    for (const catchUp of catchUps) clearTimeout(catchUp);
    for (const ws of sockets.values()) ws.close();
  };
}
