/**
 * Renders the tree from `markdown.ts` as Preact elements. Text always travels as text children
 * (Preact escapes it), never as HTML; links open in a new tab without handing over `window.opener`;
 * allowed images load lazily and tell their host nothing about the page; code blocks, which may
 * scroll, can be reached and scrolled from the keyboard.
 */
import { Component, type ComponentChildren, type VNode } from "preact";
import { COPY } from "./copy";
import { parseMarkdown, type Block, type ImageHosts, type Inline } from "./markdown";

/** Attributes every rendered link gets: a new tab that cannot reach back into the panel. */
export const LINK_TARGET = "_blank";
export const LINK_REL = "noopener noreferrer";

export function renderInline(nodes: Inline[]): ComponentChildren[] {
  return nodes.map((node, key) => {
    switch (node.t) {
      case "text":
        return node.v;
      case "code":
        return <code key={key}>{node.v}</code>;
      case "strong":
        return <strong key={key}>{renderInline(node.c)}</strong>;
      case "em":
        return <em key={key}>{renderInline(node.c)}</em>;
      case "link":
        return (
          <a key={key} href={node.href} target={LINK_TARGET} rel={LINK_REL}>
            {renderInline(node.c)}
          </a>
        );
      case "img":
        return <img key={key} src={node.src} alt={node.alt} loading="lazy" referrerpolicy="no-referrer" />;
      case "br":
        return <br key={key} />;
    }
  });
}

function renderBlock(block: Block, key: number): VNode {
  switch (block.t) {
    case "p":
      return <p key={key}>{renderInline(block.c)}</p>;
    case "h":
      return (
        <p key={key} class="fd-md-heading">
          <strong>{renderInline(block.c)}</strong>
        </p>
      );
    case "pre":
      // A long line scrolls sideways: focusable so keyboard users can scroll it too (WCAG 2.1.1), and
      // named so focus says what it is; a <pre> may carry a name only with a role, and group adds no landmark.
      return (
        // biome-ignore lint/a11y/useSemanticElements: a <fieldset> groups form controls, not code
        <pre
          key={key}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
          tabIndex={0}
          role="group"
          aria-label={COPY.codeBlock}
        >
          <code>{block.v}</code>
        </pre>
      );
    case "ul":
      return (
        <ul key={key}>
          {block.items.map((item, i) => (
            <li key={i}>{renderInline(item)}</li>
          ))}
        </ul>
      );
    case "ol":
      return (
        <ol key={key} start={block.start}>
          {block.items.map((item, i) => (
            <li key={i}>{renderInline(item)}</li>
          ))}
        </ol>
      );
    case "hr":
      return <hr key={key} />;
  }
}

/** Markdown text as elements, with images only from `imageHosts`. */
export function renderMarkdown(text: string, imageHosts?: ImageHosts): VNode[] {
  return parseMarkdown(text, imageHosts).map(renderBlock);
}

type MarkdownProps = { text: string; imageHosts?: ImageHosts };

/** Parsed and rendered again only when the text changes (e.g. per streamed delta) or the allowed hosts do. */
export class Markdown extends Component<MarkdownProps> {
  shouldComponentUpdate(next: MarkdownProps): boolean {
    return next.text !== this.props.text || next.imageHosts !== this.props.imageHosts;
  }

  render({ text, imageHosts }: MarkdownProps): VNode {
    return <div class="fd-md">{renderMarkdown(text, imageHosts)}</div>;
  }
}
