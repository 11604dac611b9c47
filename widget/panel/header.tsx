/**
 * The panel's header: the agent's avatar and name, the "Powered by AI" disclosure while the AI is
 * the one answering (or the name of the person who is), and the close button that asks the loader
 * to hide the panel.
 */
import type { VNode } from "preact";
import { COPY } from "./copy";

type Props = {
  name: string;
  avatarUrl: string | null;
  poweredByAi: boolean;
  staffName: string | null;
  onClose: (() => void) | null;
};

export function Header({ name, avatarUrl, poweredByAi, staffName, onClose }: Props): VNode {
  return (
    <header class="fd-header">
      {/* Decorative: the name beside it says who this is, so screen readers skip the picture. */}
      {avatarUrl && <img class="fd-avatar" src={avatarUrl} alt="" />}
      <div class="fd-heading">
        <h1 class="fd-title">{name}</h1>
        {poweredByAi && <p class="fd-badge">{COPY.poweredByAi}</p>}
        {!poweredByAi && staffName && <p class="fd-badge">{COPY.answeredBy(staffName)}</p>}
      </div>
      {onClose && (
        <button type="button" class="fd-close" aria-label={COPY.close} onClick={onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      )}
    </header>
  );
}
