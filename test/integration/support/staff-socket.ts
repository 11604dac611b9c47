/**
 * A staff member's socket straight to a Conversation Durable Object, with the headers the
 * Worker sets after checking a staff session (the inbox route's own auth is tested elsewhere).
 */
import { ROLE_HEADER, STAFF_ID_HEADER, STAFF_NAME_HEADER } from "../../../worker/protocol/internal-headers";
import { ChatSocket } from "./chat-client";
import { conversationStub } from "./lifecycle";

export const StaffSocket = {
  async open(conversationId: string, staff: { id: string; name: string }): Promise<ChatSocket> {
    const response = await conversationStub(conversationId).fetch("http://do/socket", {
      headers: {
        upgrade: "websocket",
        [ROLE_HEADER]: "staff",
        [STAFF_ID_HEADER]: staff.id,
        [STAFF_NAME_HEADER]: encodeURIComponent(staff.name),
      },
    });
    return ChatSocket.accept(response);
  },
};
