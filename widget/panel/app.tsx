/**
 * The panel application: boots (host token → widget-config and conversation → socket), keeps
 * the conversation state, and lays out header (the banner landmark) and, in the main landmark, the
 * message list and composer, in the agent's color.
 */
import type { VNode } from "preact";
import { useEffect, useReducer, useRef, useState } from "preact/hooks";
import type { WidgetConfig } from "../../worker/protocol/widget-config";
import { ApiError, fetchWidgetConfig, startConversation } from "./api";
import { textOn } from "./color";
import { Composer } from "./composer";
import { agentBusy, chatReducer, initialChat, unsent } from "./conversation";
import { COPY } from "./copy";
import { Header } from "./header";
import type { HostLink } from "./host-link";
import { MessageList } from "./message-list";
import { Rating } from "./rating";
import { openSocket, type ConversationSocket } from "./socket";

const CLIENT_ID_BYTES = 16; // 128 random bits: message ids never collide, 32 hex chars fit the protocol's limit

/** A random message id; `crypto.randomUUID` is missing in iframes of non-secure host pages, getRandomValues is not. */
function clientId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(CLIENT_ID_BYTES)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
}

type Phase = { kind: "loading" } | { kind: "failed" } | { kind: "not_here" } | { kind: "chat"; config: WidgetConfig };

export function App({ host }: { host: Promise<HostLink> }): VNode {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  /** After the visitor asks for a new conversation, boot starts one instead of resuming the closed one. */
  const fresh = useRef(false);
  const [chat, dispatch] = useReducer(chatReducer, initialChat);
  const [link, setLink] = useState<HostLink | null>(null);
  const chatRef = useRef(chat);
  chatRef.current = chat;
  const token = useRef<string | null>(null);
  const socket = useRef<ConversationSocket | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const hostLink = await host;
      setLink(hostLink);
      hostLink.onOpen(() => input.current?.focus());
      const [config, session] = await Promise.all([
        fetchWidgetConfig(hostLink.agentId),
        startConversation(
          hostLink.agentId,
          token.current ?? hostLink.token,
          !fresh.current,
          hostLink.identity,
          hostLink.host,
        ),
      ]);
      fresh.current = false;
      if (cancelled) return;
      token.current = session.visitorToken;
      hostLink.saveToken(session.visitorToken);
      setPhase({ kind: "chat", config });
      socket.current = openSocket({
        conversationId: session.conversationId,
        token: () => token.current ?? session.visitorToken,
        lastSeq: () => chatRef.current.lastSeq,
        onEvent: (event) => dispatch({ type: "event", event }),
        onDisconnect: () => dispatch({ type: "disconnected" }),
        onGone: () => dispatch({ type: "gone" }),
      });
    })().catch((error: unknown) => {
      if (cancelled) return;
      // This site may not embed the agent: retrying cannot help, and nothing of a conversation is shown.
      setPhase({ kind: error instanceof ApiError && error.code === "origin_not_allowed" ? "not_here" : "failed" });
    });
    return () => {
      cancelled = true;
      socket.current?.close();
      socket.current = null;
    };
  }, [attempt]);

  // Put outbox messages on the wire once the server has replayed; each is marked so it goes once per socket.
  useEffect(() => {
    const current = socket.current;
    if (!current) return;
    const ids = unsent(chat)
      .filter((pending) => current.send({ type: "message", id: pending.id, text: pending.text }))
      .map((pending) => pending.id);
    if (ids.length > 0) dispatch({ type: "sent", ids });
  }, [chat]);

  useEffect(() => {
    if (phase.kind === "chat") input.current?.focus();
  }, [phase.kind]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === "Escape") link?.close();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [link]);

  const retry = (): void => {
    setPhase({ kind: "loading" });
    setAttempt(attempt + 1);
  };
  const startNew = (): void => {
    fresh.current = true;
    dispatch({ type: "reset" });
    retry();
  };
  // Every state puts its content in the main landmark, so screen-reader users can jump straight to it.
  if (phase.kind === "loading") return <main class="fd-status">{COPY.loading}</main>;
  if (phase.kind === "not_here")
    return (
      <main class="fd-status">
        <p role="alert">{COPY.notOnThisSite}</p>
      </main>
    );
  if (phase.kind === "failed") {
    return (
      <main class="fd-status">
        <p role="alert">{COPY.unavailable}</p>
        <button type="button" class="fd-retry" onClick={retry}>
          {COPY.retry}
        </button>
      </main>
    );
  }

  const { config } = phase;
  // The conversation's own status says who answers; before the first status, the agent's config does.
  const aiAnswering = chat.poweredByAi ?? config.poweredByAi;
  const last = chat.items[chat.items.length - 1];
  const theme = config.accentColor
    ? { "--fd-accent": config.accentColor, "--fd-on-accent": textOn(config.accentColor) }
    : undefined;
  return (
    <div class="fd-panel" style={theme}>
      <Header
        name={config.name}
        avatarUrl={config.avatarUrl}
        poweredByAi={aiAnswering}
        staffName={chat.staffName}
        onClose={link?.embedded ? link.close : null}
      />
      <main class="fd-main">
        {chat.link === "reconnecting" && (
          <p class="fd-banner" role="status">
            {COPY.reconnecting}
          </p>
        )}
        <MessageList
          greeting={config.greeting}
          imageHosts={config.allowedImageHosts}
          items={chat.items}
          outbox={chat.outbox}
          typing={aiAnswering && agentBusy(chat) && last?.kind !== "assistant"}
          notice={chat.notice}
          onVote={(turnId, value) => socket.current?.send({ type: "feedback", turnId, value })}
        />
        {chat.status === "closed" ? (
          <div class="fd-ended">
            <p>{COPY.closed}</p>
            <Rating rating={chat.rating} onRate={(value) => socket.current?.send({ type: "rating", value })} />
            <button type="button" class="fd-retry" onClick={startNew}>
              {COPY.newConversation}
            </button>
          </div>
        ) : (
          <Composer inputRef={input} onSend={(text) => dispatch({ type: "queue", id: clientId(), text })} />
        )}
      </main>
    </div>
  );
}
