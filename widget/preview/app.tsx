/**
 * The preview page: the visitor's chat panel showing the draft (its name, avatar, greeting, colour
 * and image hosts), where every answer carries its evidence. Questions go one at a time over HTTP
 * with the page's history; nothing is stored, so a reload starts afresh.
 */
import type { VNode } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { WidgetConfig } from "../../worker/protocol/widget-config";
import { ApiError } from "../panel/api";
import { Citations } from "../panel/citations";
import { textOn } from "../panel/color";
import { Composer } from "../panel/composer";
import { COPY } from "../panel/copy";
import { Header } from "../panel/header";
import { Markdown } from "../panel/markdown-view";
import { TypingIndicator } from "../panel/message-list";
import { historyFor, type Turn } from "./answer";
import { askPreview, fetchPreviewConfig, type PreviewLink } from "./api";
import { linkError, PREVIEW_COPY } from "./copy";
import { Evidence } from "./evidence";

const errorOf = (error: unknown): { code: string; message: string } =>
  error instanceof ApiError
    ? { code: error.code, message: error.message }
    : { code: "network", message: String(error) };

function TurnView({ turn, config }: { turn: Turn; config: WidgetConfig }): VNode {
  return (
    <>
      <div class="fd-msg fd-visitor">{turn.question}</div>
      {turn.state === "answered" && (
        <div class="fd-turn">
          <div class="fd-msg fd-assistant">
            <Markdown text={turn.result.answer} imageHosts={config.allowedImageHosts} />
            <Citations sources={turn.result.sources} />
          </div>
          <Evidence result={turn.result} question={turn.id} />
        </div>
      )}
      {turn.state === "failed" && <div class="fd-notice">{PREVIEW_COPY.notAnswered(turn.message)}</div>}
    </>
  );
}

export function PreviewApp({ link }: { link: PreviewLink | null }): VNode {
  const [config, setConfig] = useState<WidgetConfig | null>(null);
  /** Why the page cannot ask anything (more): a bad or expired link, or a config that did not load. */
  const [stopped, setStopped] = useState<string | null>(link ? null : PREVIEW_COPY.badLink);
  const [turns, setTurns] = useState<Turn[]>([]);
  const nextId = useRef(1);
  const input = useRef<HTMLTextAreaElement>(null);
  const log = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!link) return;
    fetchPreviewConfig(link)
      .then(setConfig)
      .catch((error: unknown) => {
        const { code, message } = errorOf(error);
        setStopped(linkError(code) ?? `${PREVIEW_COPY.failed} ${message}`);
      });
  }, [link]);

  // One question at a time, oldest first, each with the answered turns before it as history.
  useEffect(() => {
    if (!link || turns.some((t) => t.state === "asking")) return;
    const next = turns.find((t) => t.state === "queued");
    if (!next) return;
    const settle = (update: Turn): void => setTurns((all) => all.map((t) => (t.id === next.id ? update : t)));
    settle({ id: next.id, question: next.question, state: "asking" });
    askPreview(link, next.question, historyFor(turns, next.id))
      .then((result) => settle({ id: next.id, question: next.question, state: "answered", result }))
      .catch((error: unknown) => {
        const { code, message } = errorOf(error);
        const stop = linkError(code);
        if (stop) setStopped(stop);
        settle({ id: next.id, question: next.question, state: "failed", code, message });
      });
  }, [link, turns]);

  useEffect(() => {
    if (config) input.current?.focus();
  }, [config]);

  // The newest answer and its evidence come into view (the reviewer reads them as they arrive).
  useLayoutEffect(() => {
    if (log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [turns, stopped]);

  const ask = (question: string): void => {
    const id = nextId.current++;
    setTurns((all) => [...all, { id, question, state: "queued" }]);
  };

  const theme = config?.accentColor
    ? { "--fd-accent": config.accentColor, "--fd-on-accent": textOn(config.accentColor) }
    : undefined;
  const busy = turns.some((t) => t.state === "queued" || t.state === "asking");
  return (
    <div class="fd-panel fd-preview" style={theme}>
      {/* Landmarks: this note (complementary), the agent's header (banner), and the conversation (main). */}
      <aside class="fd-preview-banner" aria-label={PREVIEW_COPY.bannerLabel}>
        {PREVIEW_COPY.banner}
      </aside>
      {config && (
        <Header name={config.name} avatarUrl={config.avatarUrl} poweredByAi={true} staffName={null} onClose={null} />
      )}
      <main class="fd-main">
        <div
          class="fd-log"
          ref={log}
          role="log"
          aria-live="polite"
          aria-label={COPY.conversation}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls, and may hold nothing else to tab to (WCAG 2.1.1)
          tabIndex={0}
        >
          {!config && !stopped && <p class="fd-status">{PREVIEW_COPY.loading}</p>}
          {config?.greeting && (
            <div class="fd-msg fd-assistant">
              <Markdown text={config.greeting} imageHosts={config.allowedImageHosts} />
            </div>
          )}
          {config && turns.map((turn) => <TurnView key={turn.id} turn={turn} config={config} />)}
          {busy && <TypingIndicator />}
          {stopped && (
            <p class="fd-notice" role="alert">
              {stopped}
            </p>
          )}
        </div>
        {config && !stopped && <Composer inputRef={input} onSend={ask} />}
      </main>
    </div>
  );
}
