/**
 * Socket tickets (issue 13, finding 9b): the visitor socket's URL carries a one-minute, single-use
 * ticket bought with the visitor token, never the token itself.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { issueSocketTicket, SOCKET_TICKET_TTL_SECONDS } from "../../worker/lib/socket-ticket";
import {
  ChatSocket,
  socketTicketResponse,
  startConversation,
  ticketSocketResponse,
  workerFetch,
} from "./support/chat-client";
import { createTestAgent } from "./support/fixtures";

const AGENT = "tickets";

beforeAll(() => createTestAgent(AGENT));

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
}

async function ticketFor(conversationId: string, token: string): Promise<string> {
  const response = await socketTicketResponse(conversationId, token);
  expect(response.status, await response.clone().text()).toBe(201);
  const body = (await response.json()) as { ticket: string; expiresAt: number };
  expect(body.ticket).not.toContain(token);
  expect(body.expiresAt * 1000 - Date.now()).toBeLessThanOrEqual(SOCKET_TICKET_TTL_SECONDS * 1000);
  return body.ticket;
}

describe("socket tickets", () => {
  it("no longer opens a socket with the visitor token in the URL", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT);
    const response = await workerFetch(
      `/v1/conversations/${conversationId}/socket?token=${encodeURIComponent(visitorToken)}`,
      { headers: { upgrade: "websocket" } },
    );
    await expectError(response, 401, "invalid_ticket");
  });

  it("opens a socket once per ticket; a reconnect needs a fresh one", async () => {
    const { conversationId, visitorToken } = await startConversation(AGENT);
    const ticket = await ticketFor(conversationId, visitorToken);
    const socket = await ChatSocket.accept(await ticketSocketResponse(conversationId, ticket));
    expect(socket.events.at(0)).toMatchObject({ type: "status", seq: 1 });
    socket.close();
    expect((await ticketSocketResponse(conversationId, ticket)).status).toBe(401); // replayed from a log: spent
    const again = await ChatSocket.accept(
      await ticketSocketResponse(conversationId, await ticketFor(conversationId, visitorToken)),
    );
    again.close();
  });

  it("refuses expired, forged and other conversations' tickets", async () => {
    const { conversationId, visitorToken, visitorId } = await startConversation(AGENT);
    const other = await startConversation(AGENT);
    const longAgo = Date.now() - (SOCKET_TICKET_TTL_SECONDS + 1) * 1000;
    const expired = await issueSocketTicket(env.TOKEN_SECRET, conversationId, visitorId, longAgo);
    await expectError(await ticketSocketResponse(conversationId, expired.ticket), 401, "invalid_ticket");
    const ticket = await ticketFor(conversationId, visitorToken);
    const forged = ticket.replace(/.$/, (c) => (c === "x" ? "y" : "x"));
    await expectError(await ticketSocketResponse(conversationId, forged), 401, "invalid_ticket");
    await expectError(await ticketSocketResponse(other.conversationId, ticket), 401, "invalid_ticket");
  });

  it("sells tickets only for the visitor's own conversation", async () => {
    const mine = await startConversation(AGENT);
    const theirs = await startConversation(AGENT);
    await expectError(await socketTicketResponse(mine.conversationId, "v1.forged"), 401, "invalid_token");
    await expectError(await socketTicketResponse(theirs.conversationId, mine.visitorToken), 403, "forbidden");
    await expectError(await socketTicketResponse(`c_${"A".repeat(22)}`, mine.visitorToken), 404, "not_found");
  });
});
