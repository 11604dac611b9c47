/**
 * Opening the chat — start, socket ticket, socket — reads the agent and the conversation's owner
 * from D1 once each, not in every request: a thousand visitors arriving together would otherwise
 * cost a few thousand reads. What is kept still answers for its checks: another visitor's token
 * is refused, and an agent unpublished through the admin API takes no new conversation at once.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { adminFetch } from "./helpers/seed";
import { lifecycleAgent } from "./support/lifecycle";
import { recordingD1 } from "./support/recording-d1";

const ORIGIN = "http://frontdesk.test";

type Reads = { agents: number; conversations: number };

/** The Worker answering with a D1 binding that counts the reads of the agents and conversations tables. */
function countingWorker() {
  const reads: Reads = { agents: 0, conversations: 0 };
  const db = recordingD1(env.DB, (queries) => {
    for (const query of queries) {
      if (!/^\s*select/i.test(query)) continue;
      if (/from "agents"/i.test(query)) reads.agents++;
      if (/from "conversations"/i.test(query)) reads.conversations++;
    }
  });
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const ctx = createExecutionContext();
    const response = await worker.fetch(new Request(`${ORIGIN}${path}`, init), { ...env, DB: db }, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  };
  return { reads, call };
}

/** One visitor opening the chat: start (a new conversation), socket ticket, socket; the socket is closed after. */
async function openChat(call: ReturnType<typeof countingWorker>["call"], agentId: string) {
  const started = await call(`/v1/agents/${agentId}/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ resume: false }),
  });
  expect(started.status, await started.clone().text()).toBe(201);
  const { conversationId, visitorToken } = (await started.json()) as { conversationId: string; visitorToken: string };
  const ticketed = await call(`/v1/conversations/${conversationId}/socket-ticket`, {
    method: "POST",
    headers: { authorization: `Bearer ${visitorToken}` },
  });
  expect(ticketed.status).toBe(201);
  const { ticket } = (await ticketed.json()) as { ticket: string };
  const socket = await call(`/v1/conversations/${conversationId}/socket?ticket=${encodeURIComponent(ticket)}`, {
    headers: { upgrade: "websocket" },
  });
  expect(socket.status).toBe(101);
  socket.webSocket?.accept();
  socket.webSocket?.close(1000, "test done");
  return { conversationId, visitorToken };
}

describe("opening the chat", () => {
  it("reads the agent and the conversation's owner once each, not in every request", async () => {
    await lifecycleAgent("connect-reads", {});
    const { reads, call } = countingWorker();
    await openChat(call, "connect-reads");
    expect(reads.agents).toBeLessThanOrEqual(1);
    expect(reads.conversations).toBeLessThanOrEqual(1); // the owner, read by the ticket and kept for the socket

    const before = { ...reads };
    await openChat(call, "connect-reads"); // the next visitor: the agent is kept
    expect(reads.agents - before.agents).toBe(0);
    expect(reads.conversations - before.conversations).toBeLessThanOrEqual(1);
  });

  it("still refuses another visitor's token for a kept conversation", async () => {
    await lifecycleAgent("connect-reads-owner", {});
    const { call } = countingWorker();
    const mine = await openChat(call, "connect-reads-owner");
    const theirs = await openChat(call, "connect-reads-owner");
    const refused = await call(`/v1/conversations/${mine.conversationId}/socket-ticket`, {
      method: "POST",
      headers: { authorization: `Bearer ${theirs.visitorToken}` },
    });
    expect(refused.status).toBe(403);
  });

  it("takes no new conversation for an agent unpublished through the admin API, though it was kept", async () => {
    await lifecycleAgent("connect-reads-unpublished", {});
    const { call } = countingWorker();
    await openChat(call, "connect-reads-unpublished");
    expect((await adminFetch("/agents/connect-reads-unpublished/unpublish", { method: "POST" })).status).toBe(200);
    const refused = await call("/v1/agents/connect-reads-unpublished/conversations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ resume: false }),
    });
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("agent_unpublished");
  });
});
