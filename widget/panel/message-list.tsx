/**
 * The conversation as shown: the greeting, the logged messages in seq order, the visitor's
 * messages still on their way, and a typing hint. It is a polite live region and keeps itself
 * scrolled to the newest message unless the visitor has scrolled up to read.
 */
import { Component, createRef, type VNode } from "preact";
import { Citations } from "./citations";
import type { Item, Pending } from "./conversation";
import type { Vote } from "../../worker/protocol/events";
import { COPY } from "./copy";
import type { ImageHosts } from "./markdown";
import { Markdown } from "./markdown-view";

const STICK_THRESHOLD_PX = 48; // within this distance of the bottom, new content scrolls into view

type Props = {
  greeting: string;
  imageHosts: ImageHosts;
  items: Item[];
  outbox: Pending[];
  typing: boolean;
  notice: string | null;
  onVote: (turnId: string, vote: Vote) => void;
};

const VOTES = [
  ["up", "👍", COPY.helpful],
  ["down", "👎", COPY.notHelpful],
] as const;

/** Thumbs up and down under a finished answer; the standing vote is pressed. */
function Votes({ vote, onVote }: { vote: Vote | undefined; onVote: (vote: Vote) => void }): VNode {
  return (
    <div class="fd-fb">
      {VOTES.map(([value, glyph, label]) => (
        <button
          type="button"
          key={value}
          aria-label={label}
          aria-pressed={vote === value}
          onClick={() => onVote(value)}
        >
          {glyph}
        </button>
      ))}
    </div>
  );
}

type ItemProps = { item: Item; imageHosts: ImageHosts; onVote: Props["onVote"] };

function ItemView({ item, imageHosts, onVote }: ItemProps): VNode {
  switch (item.kind) {
    case "visitor":
      return <div class="fd-msg fd-visitor">{item.text}</div>;
    case "assistant":
      return (
        <div class="fd-msg fd-assistant" aria-busy={item.done ? undefined : "true"}>
          <Markdown text={item.text} imageHosts={imageHosts} />
          {item.done && <Citations sources={item.sources} />}
          {item.done && <Votes vote={item.vote} onVote={(vote) => onVote(item.key, vote)} />}
        </div>
      );
    case "notice":
      return <div class="fd-notice">{item.text}</div>;
    case "system":
      return <div class="fd-msg fd-assistant fd-system">{item.text}</div>;
    case "staff":
      return (
        <div class="fd-msg fd-assistant fd-staff">
          <span class="fd-author">{item.name}</span>
          {item.text}
        </div>
      );
  }
}

function PendingView({ pending }: { pending: Pending }): VNode {
  return (
    <div class={pending.failed ? "fd-msg fd-visitor fd-failed" : "fd-msg fd-visitor fd-pending"}>
      {pending.text}
      <span class="fd-state">{pending.failed ? `${COPY.notSent}: ${pending.failed}` : COPY.sending}</span>
    </div>
  );
}

/** A class rather than hooks, like the rest of the panel (no hooks runtime in its bundle). */
export class MessageList extends Component<Props> {
  private _log = createRef<HTMLDivElement>();
  /** Whether the visitor is at the bottom (within STICK_THRESHOLD_PX), so new content scrolls into view. */
  private _stick = true;

  componentDidMount(): void {
    this.componentDidUpdate();
  }

  componentDidUpdate(): void {
    const element = this._log.current;
    if (element && this._stick) element.scrollTop = element.scrollHeight;
  }

  private _onScroll = (): void => {
    const element = this._log.current;
    if (element) this._stick = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_THRESHOLD_PX;
  };

  render({ greeting, imageHosts, items, outbox, typing, notice, onVote }: Props): VNode {
    return (
      <div
        class="fd-log"
        ref={this._log}
        onScroll={this._onScroll}
        role="log"
        aria-live="polite"
        aria-label={COPY.conversation}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, and may hold nothing else to tab to (WCAG 2.1.1)
        tabIndex={0}
      >
        {greeting && (
          <div class="fd-msg fd-assistant">
            <Markdown text={greeting} imageHosts={imageHosts} />
          </div>
        )}
        {items.map((item) => (
          <ItemView key={item.key} item={item} imageHosts={imageHosts} onVote={onVote} />
        ))}
        {outbox.map((pending) => (
          <PendingView key={pending.id} pending={pending} />
        ))}
        {typing && <TypingIndicator />}
        {notice && <div class="fd-notice">{notice}</div>}
      </div>
    );
  }
}

/** The three dots shown while the agent is writing (announced to screen readers in words). */
export function TypingIndicator(): VNode {
  return (
    <div class="fd-typing">
      <span class="fd-sr">{COPY.typing}</span>
      <i />
      <i />
      <i />
    </div>
  );
}
