/**
 * The message box: a labelled textarea where Enter sends and Shift+Enter starts a new line,
 * a send button, and a hint when the text passes the protocol's length limit.
 */
import { Component, type Ref, type VNode } from "preact";
import { MAX_MESSAGE_CHARS } from "../../worker/protocol/events";
import { COPY } from "./copy";

type Props = { onSend: (text: string) => void; inputRef: Ref<HTMLTextAreaElement> };

const INPUT_ID = "fd-input";

/** A class rather than hooks, like the rest of the panel (no hooks runtime in its bundle). */
export class Composer extends Component<Props, { text: string }> {
  state = { text: "" };

  render({ onSend, inputRef }: Props, { text }: { text: string }): VNode {
    const length = text.trim().length;
    const tooLong = length > MAX_MESSAGE_CHARS;
    const submit = (): void => {
      if (length === 0 || tooLong) return;
      onSend(text.trim());
      this.setState({ text: "" });
    };
    return (
      <form
        class="fd-composer"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label for={INPUT_ID} class="fd-sr">
          {COPY.inputLabel}
        </label>
        <textarea
          id={INPUT_ID}
          ref={inputRef}
          rows={1}
          value={text}
          placeholder={COPY.placeholder}
          aria-invalid={tooLong ? "true" : undefined}
          aria-describedby={tooLong ? "fd-limit" : undefined}
          onInput={(event) => this.setState({ text: event.currentTarget.value })}
          onKeyDown={(event) => {
            // Enter sends; Shift+Enter (and Enter while an IME is composing) stays in the text.
            if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <button type="submit" class="fd-send" disabled={length === 0 || tooLong}>
          {COPY.send}
        </button>
        {tooLong && (
          <p id="fd-limit" class="fd-hint" role="status">
            {COPY.tooLong(length)}
          </p>
        )}
      </form>
    );
  }
}
