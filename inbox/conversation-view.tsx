/**
 * One conversation as staff see it: the full transcript (live, over the conversation's own
 * socket with role staff — the same protocol and reducer as the widget), the agent's sources,
 * and the actions: claim, reply, hand back to the agent, close.
 */
import type { VNode } from "preact";
import { useEffect, useReducer, useRef, useState } from "preact/hooks";
import ReconnectingWebSocket from "partysocket/ws";
import type { ClientFrame } from "../worker/protocol/events";
import { parseServerEvent } from "../worker/protocol/parse";
import { Citations } from "../widget/panel/citations";
import { chatReducer, initialChat, type Item } from "../widget/panel/conversation";
import { Markdown } from "../widget/panel/markdown-view";
import { act, InboxError, socketUrl, type Staff } from "./api";

const CLIENT_ID_BYTES = 16;
const clientId = (): string => Array.from(crypto.getRandomValues(new Uint8Array(CLIENT_ID_BYTES)), (b) => b.toString(16).padStart(2, "0")).join("");

function ItemView({ item }: { item: Item }): VNode {
  switch (item.kind) {
    case "visitor":
      return <div class="ib-msg ib-visitor">{item.text}</div>;
    case "assistant":
      return (
        <div class="ib-msg ib-agent">
          <span class="ib-author">AI agent</span>
          <Markdown text={item.text} />
          {item.done && <Citations sources={item.sources} />}
        </div>
      );
    case "staff":
      return (
        <div class="ib-msg ib-staff">
          <span class="ib-author">{item.name}</span>
          {item.text}
        </div>
      );
    case "system":
      return <div class="ib-system">{item.text}</div>;
    case "notice":
      return <div class="ib-system">{item.text}</div>;
  }
}

export function ConversationView({ conversationId, me }: { conversationId: string; me: Staff }): VNode {
  const [chat, dispatch] = useReducer(chatReducer, initialChat);
  const [reply, setReply] = useState("");
  const [error, setError] = useState<string | null>(null);
  const socket = useRef<ReconnectingWebSocket | null>(null);
  const lastSeq = useRef(0);
  lastSeq.current = chat.lastSeq;

  useEffect(() => {
    dispatch({ type: "reset" });
    const ws = new ReconnectingWebSocket(() => socketUrl(`/conversations/${encodeURIComponent(conversationId)}/socket`), undefined, { maxEnqueuedMessages: 0 });
    socket.current = ws;
    ws.addEventListener("open", () => ws.send(JSON.stringify({ type: "hello", lastSeq: lastSeq.current } satisfies ClientFrame)));
    ws.addEventListener("message", (message) => {
      if (typeof message.data !== "string") return;
      const parsed = parseServerEvent(message.data);
      if (!parsed.ok) return;
      if (parsed.value.type === "error") setError(parsed.value.message);
      dispatch({ type: "event", event: parsed.value });
    });
    ws.addEventListener("close", () => dispatch({ type: "disconnected" }));
    return () => ws.close();
  }, [conversationId]);

  const run = async (action: "claim" | "hand-back" | "close"): Promise<void> => {
    setError(null);
    try {
      await act(conversationId, action);
    } catch (failure) {
      setError(failure instanceof InboxError ? failure.message : "Could not reach the server.");
    }
  };
  const handling = chat.status === "human" && chat.staffId === me.id;
  const send = (event: Event): void => {
    event.preventDefault();
    const text = reply.trim();
    if (!text || !socket.current) return;
    socket.current.send(JSON.stringify({ type: "message", id: clientId(), text } satisfies ClientFrame));
    setReply("");
  };

  return (
    <section class="ib-conversation" aria-label="Conversation">
      <header class="ib-bar">
        <p class="ib-state" role="status">
          {chat.status === "human" ? `Handled by ${chat.staffName ?? "a person"}` : (chat.status ?? "loading").replace(/_/g, " ")}
        </p>
        {chat.status !== "closed" && !handling && (
          <button type="button" onClick={() => run("claim")}>
            Claim
          </button>
        )}
        {handling && (
          <button type="button" onClick={() => run("hand-back")}>
            Hand back to agent
          </button>
        )}
        {chat.status !== "closed" && (
          <button type="button" onClick={() => run("close")}>
            Close
          </button>
        )}
      </header>
      {error && (
        <p class="ib-error" role="alert">
          {error}
        </p>
      )}
      <div class="ib-transcript" role="log" aria-live="polite">
        {chat.items.map((item) => (
          <ItemView key={item.key} item={item} />
        ))}
      </div>
      <form class="ib-reply" onSubmit={send}>
        <label class="ib-sr" for="ib-reply-text">
          Reply
        </label>
        <textarea id="ib-reply-text" rows={3} disabled={!handling} placeholder={handling ? "Write a reply…" : "Claim the conversation to reply"} value={reply} onInput={(e) => setReply(e.currentTarget.value)} />
        <button type="submit" disabled={!handling || reply.trim() === ""}>
          Send
        </button>
      </form>
    </section>
  );
}
