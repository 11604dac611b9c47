/**
 * A staff member's socket straight to a Conversation Durable Object, with the headers the
 * Worker sets after checking a staff session (the inbox route's own auth is tested elsewhere).
 * The account and a live session are created in D1, since the object re-checks them on each reply.
 */
import { env } from "cloudflare:workers";
import { database } from "../../../worker/db/client";
import { staff } from "../../../worker/db/people-schema";
import { tokenHash } from "../../../worker/lib/tokens";
import {
  ROLE_HEADER,
  STAFF_ID_HEADER,
  STAFF_NAME_HEADER,
  STAFF_SESSION_HEADER,
} from "../../../worker/protocol/internal-headers";
import { createSession } from "../../../worker/staff/sessions";
import { ChatSocket } from "./chat-client";
import { conversationStub } from "./lifecycle";

export const StaffSocket = {
  async open(conversationId: string, person: { id: string; name: string }): Promise<ChatSocket> {
    const db = database(env);
    const now = Date.now();
    await db
      .insert(staff)
      .values({
        id: person.id,
        email: `${person.id}@staff.test`,
        name: person.name,
        role: "agent",
        available: false,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing();
    const session = await createSession(db, person.id);
    const response = await conversationStub(conversationId).fetch("http://do/socket", {
      headers: {
        upgrade: "websocket",
        [ROLE_HEADER]: "staff",
        [STAFF_ID_HEADER]: person.id,
        [STAFF_NAME_HEADER]: encodeURIComponent(person.name),
        [STAFF_SESSION_HEADER]: await tokenHash(session.token),
      },
    });
    return ChatSocket.accept(response);
  },
};
