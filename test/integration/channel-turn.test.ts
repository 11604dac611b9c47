/**
 * A turn follows its channel's capabilities: a streaming channel gets every delta and then the
 * complete reply; a channel that does not stream gets only the complete reply, as its adapter
 * renders it. Driven inside a conversation's Durable Object with the offline model.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ConversationDO } from "../../durable-objects/conversation/conversation";
import { EventLog, type NewEvent } from "../../durable-objects/conversation/event-log";
import { runTurnFor } from "../../durable-objects/conversation/turn-runner";
import type { ReplyChannel } from "../../worker/channels/channel";
import { liveChat } from "../../worker/channels/live-chat/channel";
import type { LoggedEvent } from "../../worker/protocol/events";
import { HELP_CENTRE, insertAgentWithKnowledge } from "./knowledge-fixtures";

const QUESTION = "How do I ask for a refund?";

/** Runs one turn for QUESTION in a fresh conversation object on `channel`; returns every event the turn emitted. */
async function turnOn(agentId: string, channel: ReplyChannel): Promise<LoggedEvent[]> {
  const namespace = env.CONVERSATIONS as DurableObjectNamespace<ConversationDO>;
  const stub = namespace.get(namespace.newUniqueId());
  return runInDurableObject(stub, async (_instance: ConversationDO, state) => {
    const log = new EventLog(state.storage.sql);
    const message = log.append({ type: "visitor_message", id: "m-1", text: QUESTION });
    const emitted: LoggedEvent[] = [];
    const emit = (event: NewEvent) => {
      const logged = log.append(event);
      emitted.push(logged);
      return logged;
    };
    const deferred: Promise<unknown>[] = [];
    const context = { env, agentId, conversationId: "c_channel_turn", channel, channelName: "test", log, emit };
    await runTurnFor({ ...context, defer: (work) => deferred.push(work) }, message.seq);
    await Promise.all(deferred); // the turn's facts, written after it
    // Whatever was streamed, the log keeps the complete reply only.
    expect(log.after(message.seq).map((e) => e.type)).toEqual(["assistant_complete"]);
    return emitted;
  });
}

describe("a turn on its channel", () => {
  it("streams deltas on live chat, then the complete reply as the agent wrote it", async () => {
    await insertAgentWithKnowledge("channel-stream", HELP_CENTRE);
    const events = await turnOn("channel-stream", liveChat);
    const deltas = events.flatMap((e) => (e.type === "assistant_delta" ? [e.text] : []));
    const complete = events.find((e) => e.type === "assistant_complete");
    expect(deltas.length).toBeGreaterThan(1);
    expect(complete).toMatchObject({ text: deltas.join("") });
    expect(complete?.type === "assistant_complete" && complete.sources.map((s) => s.title)).toEqual([
      "Refunds and returns",
    ]);
  });

  it("sends only the rendered complete reply on a channel that does not stream", async () => {
    await insertAgentWithKnowledge("channel-plain", HELP_CENTRE);
    const plain: ReplyChannel = {
      id: liveChat.id,
      capabilities: { streaming: false, formatting: "plain", maxMessageChars: 1_000, maxReplyChars: 40 },
      render: (reply) => ({ text: `${reply.text.slice(0, 39)}…`, sources: [] }),
    };
    const events = await turnOn("channel-plain", plain);
    expect(events.filter((e) => e.type === "assistant_delta")).toEqual([]);
    const complete = events.filter((e) => e.type === "assistant_complete");
    expect(complete).toHaveLength(1);
    expect(complete[0]).toMatchObject({ text: "You can ask for a refund within 30 days…", sources: [] });
  });
});
