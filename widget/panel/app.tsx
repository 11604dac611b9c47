/**
 * The panel application: boots (host token → widget-config and conversation → socket), keeps
 * the conversation state, and lays out header (the banner landmark) and, in the main landmark, the
 * message list and composer, in the agent's color.
 */
import { Component, createRef, type VNode } from "preact";
import type { WidgetConfig } from "../../worker/protocol/widget-config";
import { ApiError, fetchWidgetConfig, startConversation } from "./api";
import { textOn } from "./color";
import { Composer } from "./composer";
import { agentBusy, chatReducer, initialChat, unsent, type Action, type ChatState } from "./conversation";
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

type State = { phase: Phase; chat: ChatState; link: HostLink | null };

/** A class rather than hooks: the panel bundle then carries no hooks runtime (issue 18's budget). */
export class App extends Component<{ host: Promise<HostLink> }, State> {
  state: State = { phase: { kind: "loading" }, chat: initialChat, link: null };
  /** After the visitor asks for a new conversation, boot starts one instead of resuming the closed one. */
  private _fresh = false;
  /** The latest boot; an earlier one that is still on its way was cancelled (retry, new conversation or unmount). */
  private _boot = 0;
  private _token: string | null = null;
  private _socket: ConversationSocket | null = null;
  private _input = createRef<HTMLTextAreaElement>();

  private _dispatch = (action: Action): void => this.setState(({ chat }) => ({ chat: chatReducer(chat, action) }));

  private _onKey = (event: KeyboardEvent): void => {
    if (event.key === "Escape") this.state.link?.close();
  };

  componentDidMount(): void {
    document.addEventListener("keydown", this._onKey);
    this._start();
  }

  componentWillUnmount(): void {
    document.removeEventListener("keydown", this._onKey);
    this._stop();
  }

  componentDidUpdate(_: unknown, previous: State): void {
    if (previous.chat !== this.state.chat) this._flush();
    if (previous.phase.kind !== "chat" && this.state.phase.kind === "chat") this._input.current?.focus();
  }

  /** Boots: host token → widget-config and conversation → socket. */
  private _start(): void {
    const boot = ++this._boot;
    void (async () => {
      const hostLink = await this.props.host;
      this.setState({ link: hostLink });
      hostLink.onOpen(() => this._input.current?.focus());
      const [config, session] = await Promise.all([
        fetchWidgetConfig(hostLink.agentId),
        startConversation(
          hostLink.agentId,
          this._token ?? hostLink.token,
          !this._fresh,
          hostLink.identity,
          hostLink.host,
        ),
      ]);
      this._fresh = false;
      if (boot !== this._boot) return;
      this._token = session.visitorToken;
      hostLink.saveToken(session.visitorToken);
      this.setState({ phase: { kind: "chat", config } });
      this._socket = openSocket({
        conversationId: session.conversationId,
        token: () => this._token ?? session.visitorToken,
        lastSeq: () => this.state.chat.lastSeq,
        onEvent: (event) => this._dispatch({ type: "event", event }),
        onDisconnect: () => this._dispatch({ type: "disconnected" }),
        onGone: () => this._dispatch({ type: "gone" }),
      });
    })().catch((error: unknown) => {
      if (boot !== this._boot) return;
      // This site may not embed the agent: retrying cannot help, and nothing of a conversation is shown.
      this.setState({
        phase: { kind: error instanceof ApiError && error.code === "origin_not_allowed" ? "not_here" : "failed" },
      });
    });
  }

  /** Cancels the boot on its way and closes the socket. */
  private _stop(): void {
    this._boot++;
    this._socket?.close();
    this._socket = null;
  }

  /** Puts outbox messages on the wire once the server has replayed; each is marked so it goes once per socket. */
  private _flush(): void {
    const current = this._socket;
    if (!current) return;
    const ids = unsent(this.state.chat)
      .filter((pending) => current.send({ type: "message", id: pending.id, text: pending.text }))
      .map((pending) => pending.id);
    if (ids.length > 0) this._dispatch({ type: "sent", ids });
  }

  private _retry = (): void => {
    this._stop();
    this.setState({ phase: { kind: "loading" } });
    this._start();
  };

  private _startNew = (): void => {
    this._fresh = true;
    this._dispatch({ type: "reset" });
    this._retry();
  };

  render(): VNode {
    const { phase, chat, link } = this.state;
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
          <button type="button" class="fd-retry" onClick={this._retry}>
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
            onVote={(turnId, value) => this._socket?.send({ type: "feedback", turnId, value })}
          />
          {chat.status === "closed" ? (
            <div class="fd-ended">
              <p>{COPY.closed}</p>
              <Rating rating={chat.rating} onRate={(value) => this._socket?.send({ type: "rating", value })} />
              <button type="button" class="fd-retry" onClick={this._startNew}>
                {COPY.newConversation}
              </button>
            </div>
          ) : (
            <Composer
              inputRef={this._input}
              onSend={(text) => this._dispatch({ type: "queue", id: clientId(), text })}
            />
          )}
        </main>
      </div>
    );
  }
}
