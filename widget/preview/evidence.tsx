/**
 * The evidence under a preview answer: grounding and whether it abstained, the avoided topic,
 * the handoff and tool calls when the server reports them, and the ranked documents with their
 * scores. Everything is rendered as text; URLs become links only when safe.
 */
import type { VNode } from "preact";
import { safeHref } from "../panel/markdown";
import { LINK_REL, LINK_TARGET } from "../panel/markdown-view";
import type { PreviewResult, RankedDocument } from "./answer";
import { PREVIEW_COPY } from "./copy";

const SCORE_DIGITS = 3; // enough to tell close documents apart

const score = (value: number): string => value.toFixed(SCORE_DIGITS);

function Document({ doc }: { doc: RankedDocument }): VNode {
  const href = doc.url ? safeHref(doc.url) : null;
  const label = doc.title || doc.name;
  return (
    <li>
      <span class="fd-ev-score">{score(doc.score)}</span>{" "}
      {href ? (
        <a href={href} target={LINK_TARGET} rel={LINK_REL}>
          {label}
        </a>
      ) : (
        label
      )}
      {doc.name && doc.name !== label && <span class="fd-ev-name"> {doc.name}</span>}
      {!doc.citable && <span class="fd-ev-name"> ({PREVIEW_COPY.privateSource})</span>}
    </li>
  );
}

/** `question` numbers the section's name: each answer's evidence is a region landmark, and landmarks need distinct names. */
export function Evidence({ result, question }: { result: PreviewResult; question: number }): VNode {
  const { grounding, handoff, toolCalls } = result;
  return (
    <section class="fd-evidence" aria-label={PREVIEW_COPY.evidence(question)}>
      <p class="fd-ev-line fd-ev-grounding">
        {PREVIEW_COPY.grounding}: <strong>{grounding === null ? PREVIEW_COPY.noGrounding : score(grounding)}</strong> ·{" "}
        <span class="fd-ev-abstained">{result.abstained ? PREVIEW_COPY.abstained : PREVIEW_COPY.answered}</span>
      </p>
      {result.avoidedTopic && (
        <p class="fd-ev-line fd-ev-topic">
          {PREVIEW_COPY.avoidedTopic}: <strong>{result.avoidedTopic.topic}</strong> ({result.avoidedTopic.handling})
        </p>
      )}
      {handoff !== undefined && (
        <p class="fd-ev-line fd-ev-handoff">
          {PREVIEW_COPY.handoff}: <strong>{handoff ? handoff.reason : PREVIEW_COPY.noHandoff}</strong>
          {handoff?.detail && ` — ${handoff.detail}`}
        </p>
      )}
      {toolCalls && toolCalls.length > 0 && (
        <div class="fd-ev-tools">
          <p class="fd-ev-line">{PREVIEW_COPY.toolCalls}:</p>
          <ul>
            {toolCalls.map((call, i) => (
              <li key={i}>
                <strong>{call.name}</strong> <code>{call.input}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="fd-ev-ranked">
        <p class="fd-ev-line">{PREVIEW_COPY.ranked}:</p>
        {result.ranked.length === 0 ? (
          <p class="fd-ev-line">{PREVIEW_COPY.noRanked}</p>
        ) : (
          <ol>
            {result.ranked.map((doc, i) => (
              <Document key={i} doc={doc} />
            ))}
          </ol>
        )}
      </div>
      {result.version !== null && <p class="fd-ev-line fd-ev-version">{PREVIEW_COPY.version(result.version)}</p>}
    </section>
  );
}
