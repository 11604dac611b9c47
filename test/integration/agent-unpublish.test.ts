/**
 * Unpublish takes an agent off every channel: its widget config and new conversations are refused
 * (the loader then shows no launcher), an open conversation's next message goes to a person, and
 * publishing puts it back as it was. Both are in the audit log. Unlike the off switch, which keeps
 * the widget and hands new conversations to people.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { handoffs } from "../../worker/db/schema";
import type { ServerEvent } from "../../worker/protocol/events";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation, workerFetch } from "./support/chat-client";
import { lifecycleAgent } from "./support/lifecycle";

const widgetConfig = (agentId: string) => workerFetch(`/v1/agents/${agentId}/widget-config`);
const waitingForPerson = (events: ServerEvent[]) =>
  events.some((e) => e.type === "status" && e.status === "waiting_for_human");

describe("unpublishing an agent", () => {
  it("refuses its widget and new conversations, hands open ones to people, and publishing brings it back", async () => {
    await lifecycleAgent("off-air", {});
    const { conversationId, visitorToken } = await startConversation("off-air");
    const socket = await ChatSocket.open(conversationId, visitorToken);
    socket.send({ type: "message", id: "m1", text: "What are your opening hours?" });
    await socket.waitForReplies(1);

    const unpublished = await adminFetch("/agents/off-air/unpublish", { method: "POST" });
    expect(unpublished.status).toBe(200);
    expect(((await unpublished.json()) as { unpublishedAt: number | null }).unpublishedAt).toEqual(expect.any(Number));
    expect((await adminFetch("/agents/off-air/unpublish", { method: "POST" })).status).toBe(409);

    const config = await widgetConfig("off-air");
    expect(config.status).toBe(404);
    expect(((await config.json()) as { error: { code: string } }).error.code).toBe("agent_unpublished");
    const start = await workerFetch("/v1/agents/off-air/conversations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({}),
    });
    expect(start.status).toBe(404);

    // The open conversation: the agent answers no more; a person takes it.
    socket.send({ type: "message", id: "m2", text: "Do you ship to Norway?" });
    await socket.waitFor(waitingForPerson);
    expect(socket.events.filter((e) => e.type === "assistant_complete")).toHaveLength(1);
    const handoff = await database(env)
      .select()
      .from(handoffs)
      .where(eq(handoffs.conversationId, conversationId))
      .get();
    expect(handoff?.reason).toBe("unpublished");

    const back = await adminFetch("/agents/off-air/publish", { method: "POST" });
    expect(back.status).toBe(200);
    expect(((await back.json()) as { unpublishedAt: number | null }).unpublishedAt).toBeNull();
    expect((await widgetConfig("off-air")).status).toBe(200);
    expect((await adminFetch("/agents/off-air/publish", { method: "POST" })).status).toBe(409); // nothing left to publish
    expect((await startConversation("off-air")).conversationId).toMatch(/^c_/);

    const audit = (await (await adminFetch("/audit?agent=off-air")).json()) as {
      entries: { kind: string; action: string; before: { unpublishedAt: number | null } | null }[];
    };
    const actions = audit.entries.filter((e) => e.kind === "agent").map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(["publish", "unpublish"]);
    expect(audit.entries.find((e) => e.action === "unpublish")?.before?.unpublishedAt).toBeNull();
  });
});
