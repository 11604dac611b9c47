/**
 * One conversation as staff see it: the channel it came by and the visitor's address there, the
 * full transcript (live, over the conversation's own socket with role staff — the same protocol
 * and reducer as the widget), the agent's sources, a warning under any line the channel could not
 * deliver, the owner's actions the agent called (name, outcome, time, inputs), and what staff
 * can do: claim, reply (on the conversation's channel), hand back, close.
 */
import { Fragment, type VNode } from "preact";
import { useEffect, useReducer, useRef, useState } from "preact/hooks";
import ReconnectingWebSocket from "partysocket/ws";
import { type ClientFrame, MAX_MESSAGE_CHARS } from "../worker/protocol/events";
import { parseActionCall, parseDeliveryFailed, parseServerEvent } from "../worker/protocol/parse";
import { Citations } from "../widget/panel/citations";
import { chatReducer, initialChat, type Item } from "../widget/panel/conversation";
import { Markdown } from "../widget/panel/markdown-view";
import { act, InboxError, isSignedOut, socketUrl, type Staff } from "./api";
import { channelName, deliveryFailedLabel, leadLabelName, replyLabel, stateLabel } from "./lists";

const CLIENT_ID_BYTES = 16;
const clientId = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(CLIENT_ID_BYTES)), (b) => b.toString(16).padStart(2, "0")).join("");

function ItemView({ item, failure }: { item: Item; failure?: string }): VNode {
  const view = itemView(item);
  return failure ? (
    <>
      {view}
      <p class="ib-failed">{failure}</p>
    </>
  ) : (
    view
  );
}

function itemView(item: Item): VNode {
  switch (item.kind) {
    case "visitor":
      return <div class="ib-msg ib-visitor">{item.text}</div>;
    case "assistant":
      return (
        <div class="ib-msg ib-agent">
          <span class="ib-author">AI agent</span>
          <Markdown text={item.text} />
          {item.done && <Citations sources={item.sources} />}
          {item.vote && (
            <span class="ib-vote">Visitor found this {item.vote === "up" ? "helpful 👍" : "not helpful 👎"}</span>
          )}
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

type ActionCall = NonNullable<ReturnType<typeof parseActionCall>>;

/** One call of an owner's action, as staff read it: name, outcome, time and inputs (never credentials). */
function ActionCallView({ call }: { call: ActionCall }): VNode {
  const outcome = call.ok
    ? `HTTP ${call.status}`
    : `failed (${call.code ?? "error"}${call.status ? `, HTTP ${call.status}` : ""})`;
  const inputs = Object.entries(call.inputs)
    .map(([name, value]) => `${name}: ${value}`)
    .join(", ");
  return (
    <div class={`ib-system ib-action${call.ok ? "" : " ib-action-failed"}`}>
      Action {call.name}: {outcome}, {Math.round(call.durationMs)} ms{inputs ? ` · ${inputs}` : ""}
    </div>
  );
}

/** The calls logged between the item at `index` and the next one (by seq). */
const callsAfter = (calls: ActionCall[], items: Item[], index: number): ActionCall[] => {
  const from = index < 0 ? 0 : (items[index]?.seq ?? 0);
  const to = items[index + 1]?.seq ?? Number.POSITIVE_INFINITY;
  return calls.filter((call) => call.seq > from && call.seq < to);
};

/** A reply on its way: resent with the same id after a reconnect (the server stores it once), restored to the box if refused. */
type InFlight = { id: string; text: string };

/** Where the conversation is: its channel and the visitor's address there (live chat when unknown). */
export type Place = { channel: string; channelAddress: string | null; leadLabel?: string | null };

export function ConversationView({
  conversationId,
  place,
  me,
  onSignOut,
}: {
  conversationId: string;
  place: Place;
  me: Staff;
  onSignOut: () => void;
}): VNode {
  const [chat, dispatch] = useReducer(chatReducer, initialChat);
  /** Lines the channel could not deliver: their seq → the error. */
  const [failed, setFailed] = useState<Record<number, string>>({});
  /** The owner's actions the agent called, in order (the server sends them to staff only). */
  const [calls, setCalls] = useState<ActionCall[]>([]);
  const [reply, setReply] = useState("");
  const [error, setError] = useState<string | null>(null);
  const send = useRef<((pending: InFlight) => void) | null>(null);
  const lastSeq = useRef(0);
  lastSeq.current = chat.lastSeq;
  const inFlight = useRef<InFlight | null>(null);
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const claimedHere = useRef(false);

  useEffect(() => {
    dispatch({ type: "reset" });
    setFailed({});
    setCalls([]);
    const ws = new ReconnectingWebSocket(
      () => socketUrl(`/conversations/${encodeURIComponent(conversationId)}/socket`),
      undefined,
      { maxEnqueuedMessages: 0 },
    );
    const sendReply = (pending: InFlight) =>
      ws.send(JSON.stringify({ type: "message", id: pending.id, text: pending.text } satisfies ClientFrame));
    ws.addEventListener("open", () =>
      ws.send(JSON.stringify({ type: "hello", lastSeq: lastSeq.current } satisfies ClientFrame)),
    );
    ws.addEventListener("message", (message) => {
      if (typeof message.data !== "string") return;
      const failure = parseDeliveryFailed(message.data);
      if (failure) return setFailed((all) => ({ ...all, [failure.ofSeq]: failure.error }));
      const call = parseActionCall(message.data);
      if (call) return setCalls((all) => (all.some((c) => c.seq === call.seq) ? all : [...all, call]));
      const parsed = parseServerEvent(message.data);
      if (!parsed.ok) return;
      const event = parsed.value;
      const pending = inFlight.current;
      if (event.type === "ready" && pending) sendReply(pending);
      if (event.type === "ack" && event.id === pending?.id) inFlight.current = null;
      if (event.type === "error" && event.code === "session_ended") {
        ws.close(); // the session ended elsewhere (signed out, new password, account deleted): sign in again
        return onSignOut();
      }
      if (event.type === "error") {
        setError(event.message);
        if (pending) {
          inFlight.current = null;
          setReply((text) => text || pending.text); // keep what was written, unless a new reply was started
        }
      }
      dispatch({ type: "event", event });
    });
    ws.addEventListener("close", () => dispatch({ type: "disconnected" }));
    send.current = sendReply;
    return () => ws.close();
  }, [conversationId]);

  const run = async (action: "claim" | "hand-back" | "close"): Promise<void> => {
    setError(null);
    claimedHere.current = action === "claim"; // set first: the status event may arrive before the HTTP answer
    try {
      await act(conversationId, action);
    } catch (failure) {
      claimedHere.current = false;
      if (isSignedOut(failure)) return onSignOut();
      setError(failure instanceof InboxError ? failure.message : "Could not reach the server.");
    }
  };
  const handling = chat.status === "human" && chat.staffId === me.id;
  // After claiming, the reply box (enabled by the status event that follows) takes the focus.
  useEffect(() => {
    if (!handling || !claimedHere.current) return;
    claimedHere.current = false;
    replyBox.current?.focus();
  }, [handling]);

  const length = reply.trim().length;
  const tooLong = length > MAX_MESSAGE_CHARS;
  const submit = (): void => {
    const text = reply.trim();
    if (!text || tooLong || !send.current || inFlight.current) return;
    const pending = { id: clientId(), text };
    inFlight.current = pending;
    send.current(pending);
    setReply("");
    setError(null);
  };

  return (
    <section class="ib-conversation" aria-label="Conversation">
      <header class="ib-bar">
        <p class="ib-place">
          <span class="ib-channel">{channelName(place.channel)}</span>
          {place.channelAddress && <span class="ib-address"> {place.channelAddress}</span>}
          {place.leadLabel && <span class="ib-lead"> · {leadLabelName(place.leadLabel)}</span>}
        </p>
        <p class="ib-state" role="status">
          {chat.status ? stateLabel(chat.status, chat.staffName) : "Loading…"}
          {chat.rating !== null && ` · rated ${chat.rating} of 5 by the visitor`}
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
      <div
        class="ib-transcript"
        role="log"
        aria-live="polite"
        aria-label="Transcript"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, and may hold nothing else to tab to (WCAG 2.1.1)
        tabIndex={0}
      >
        {callsAfter(calls, chat.items, -1).map((call) => (
          <ActionCallView key={`call${call.seq}`} call={call} />
        ))}
        {chat.items.map((item, index) => (
          <Fragment key={item.key}>
            <ItemView
              item={item}
              failure={item.seq in failed ? deliveryFailedLabel(place.channel, failed[item.seq] ?? "") : undefined}
            />
            {callsAfter(calls, chat.items, index).map((call) => (
              <ActionCallView key={`call${call.seq}`} call={call} />
            ))}
          </Fragment>
        ))}
      </div>
      <form
        class="ib-reply"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label class="ib-reply-to" for="ib-reply-text">
          {replyLabel(place.channel)}
        </label>
        <textarea
          id="ib-reply-text"
          ref={replyBox}
          rows={3}
          disabled={!handling}
          placeholder={
            handling ? "Write a reply… (Enter sends, Shift+Enter for a new line)" : "Claim the conversation to reply"
          }
          aria-invalid={tooLong ? "true" : undefined}
          aria-describedby={tooLong ? "ib-reply-limit" : undefined}
          value={reply}
          onInput={(e) => setReply(e.currentTarget.value)}
          onKeyDown={(event) => {
            // As in the widget: Enter sends; Shift+Enter (and Enter while an IME is composing) stays in the text.
            if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <button type="submit" disabled={!handling || length === 0 || tooLong}>
          Send
        </button>
        {tooLong && (
          <p id="ib-reply-limit" class="ib-error" role="status">
            {`${length} characters: replies are limited to ${MAX_MESSAGE_CHARS}.`}
          </p>
        )}
      </form>
    </section>
  );
}
