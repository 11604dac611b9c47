/**
 * A staff member's reply on a conversation socket: taken only from the person handling the
 * conversation, and only while the inbox session that opened the socket is still live (a socket
 * outlives its session: a deleted or signed-out person must not reply). Stored once per client id; the
 * first reply after a handoff is recorded for the analytics.
 */
import { database } from "../../worker/db/client";
import { recordFirstReply } from "../../worker/handoff/first-reply";
import { touch, type LifecycleContext } from "../../worker/lifecycle/context";
import { syncConversationRow } from "../../worker/lifecycle/conversation-row";
import type { MessageFrame } from "../../worker/protocol/events";
import { sessionLive } from "../../worker/staff/sessions";
import { send, type SocketAttachment } from "./sockets";

export async function receiveStaffMessage(
  context: LifecycleContext,
  ws: WebSocket,
  who: SocketAttachment,
  frame: MessageFrame,
): Promise<void> {
  const live =
    who.staffId && who.staffSession ? await sessionLive(database(context.env), who.staffId, who.staffSession) : false;
  if (!live) {
    return send(ws, { type: "error", code: "session_ended", message: "Your inbox session has ended; sign in again" });
  }
  const storedAs = context.log.seqOfClientId(frame.id);
  if (storedAs !== null) return send(ws, { type: "ack", id: frame.id, seq: storedAs, duplicate: true });
  const state = context.state.get();
  if (state.status === "closed")
    return send(ws, { type: "error", code: "conversation_closed", message: "This conversation is closed" });
  if (state.status !== "human" || !state.staff || state.staff.id !== who.staffId) {
    return send(ws, { type: "error", code: "not_assignee", message: "Claim the conversation before replying" });
  }
  const event = context.emit({ type: "staff_message", id: frame.id, text: frame.text, staff: state.staff });
  context.log.rememberClientId(frame.id, event.seq);
  send(ws, { type: "ack", id: frame.id, seq: event.seq, duplicate: false });
  await touch(context);
  await syncConversationRow(context, { lastMessage: frame.text });
  await recordFirstReply(database(context.env), context.meta.conversationId, event.at);
}
