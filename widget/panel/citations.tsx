/**
 * The sources under a finished answer, as links when their URL is safe (http, https, mailto)
 * and as plain titles otherwise.
 */
import type { VNode } from "preact";
import type { Source } from "../../worker/protocol/events";
import { COPY } from "./copy";
import { safeHref } from "./markdown";
import { LINK_REL, LINK_TARGET } from "./markdown-view";

export function Citations({ sources }: { sources: Source[] }): VNode | null {
  const unique = sources.filter((source, i) => sources.findIndex((other) => other.id === source.id) === i);
  if (unique.length === 0) return null;
  return (
    <div class="fd-sources">
      <p class="fd-sources-label">{COPY.sources}</p>
      <ul>
        {unique.map((source) => {
          const href = source.url ? safeHref(source.url) : null;
          return (
            <li key={source.id}>
              {href ? (
                <a href={href} target={LINK_TARGET} rel={LINK_REL}>
                  {source.title}
                </a>
              ) : (
                source.title
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
