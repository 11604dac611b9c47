/**
 * One inbox hub shard: it pushes a conversation's summary to every open inbox socket, and skips what
 * no inbox would see — an update with no socket open, or the same summary pushed twice in a row.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { inboxShard } from "../../worker/inbox/hub";
import { parseInboxEvent, type ConversationSummary } from "../../worker/protocol/inbox-events";
import { STAFF_ID_HEADER } from "../../worker/protocol/internal-headers";

const summary = (lastMessage: string): ConversationSummary => ({
  id: "c_hubtest0000000000000000",
  agentId: "hub-agent",
  status: "bot",
  assignedStaffId: null,
  assignedStaffName: null,
  handoffReason: null,
  contactEmail: null,
  emailVerified: false,
  lastMessage,
  channel: "live_chat",
  channelAddress: null,
  leadLabel: null,
  updatedAt: 1_700_000_000_000,
  createdAt: 1_700_000_000_000,
});

describe("an inbox hub shard", () => {
  it("pushes changes to open sockets and skips updates nobody would see", async () => {
    const shard = inboxShard(env, "hub-agent");
    expect(await shard.inboxOpen()).toBe(false);
    expect(await shard.conversationChanged(summary("first"))).toBe(false); // no inbox open

    const response = await shard.fetch("http://inbox/socket", {
      headers: { upgrade: "websocket", [STAFF_ID_HEADER]: "st_hub" },
    });
    const ws = response.webSocket as WebSocket;
    ws.accept();
    expect(await shard.inboxOpen()).toBe(true);
    const seen: string[] = [];
    ws.addEventListener("message", (message) => {
      const event = parseInboxEvent(String(message.data));
      if (event?.type === "conversation") seen.push(event.conversation.lastMessage ?? "");
    });

    expect(await shard.conversationChanged(summary("first"))).toBe(true);
    expect(await shard.conversationChanged(summary("first"))).toBe(false); // the same summary again
    expect(await shard.conversationChanged(summary("second"))).toBe(true);
    await vi.waitFor(() => expect(seen).toEqual(["first", "second"]));

    // Another agent's shard is another object: it has no socket, so it pushes nothing.
    expect(await inboxShard(env, "hub-other-agent").conversationChanged(summary("third"))).toBe(false);
    ws.close(1000, "done");
  });
});
