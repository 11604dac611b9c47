/**
 * Who a conversation socket belongs to, from the headers the Worker set after authenticating the
 * upgrade (a visitor's socket ticket, a staff member's inbox session). The object trusts only these.
 */
import {
  ROLE_HEADER,
  STAFF_ID_HEADER,
  STAFF_NAME_HEADER,
  STAFF_SESSION_HEADER,
  VISITOR_HEADER,
} from "../../worker/protocol/internal-headers";
import type { Role } from "../../worker/protocol/events";
import type { ConversationMeta } from "./event-log";
import type { SocketAttachment } from "./sockets";

/** Who a socket belongs to; null when it is not allowed on this conversation. */
export function socketIdentity(request: Request, meta: ConversationMeta): SocketAttachment | null {
  const role = request.headers.get(ROLE_HEADER) as Role | null;
  if (role === "visitor") {
    const visitorId = request.headers.get(VISITOR_HEADER);
    return visitorId === meta.visitorId ? { role, visitorId, ready: false } : null;
  }
  if (role === "staff") {
    const staffId = request.headers.get(STAFF_ID_HEADER);
    const name = request.headers.get(STAFF_NAME_HEADER);
    const staffSession = request.headers.get(STAFF_SESSION_HEADER);
    if (!staffId || name === null || !staffSession) return null;
    let staffName: string;
    try {
      staffName = decodeURIComponent(name);
    } catch {
      return null;
    }
    return { role, visitorId: "", staffId, staffName, staffSession, ready: false };
  }
  return null;
}
