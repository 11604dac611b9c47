/** Test support for the markdown renderer: serialises rendered VNodes as a browser shows them, failing on anything unsafe. */
import { isValidElement, type ComponentChildren, type VNode } from "preact";
import { expect } from "vitest";
import { renderMarkdown } from "./markdown-view";

const escapeText = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttr = (text: string): string => escapeText(text).replace(/"/g, "&quot;");
const VOID = new Set(["br", "hr", "img"]);
const IMG_ATTRIBUTES = ["alt", "loading", "referrerpolicy", "src"]; // all an image may carry: no handlers, no srcset

/** Serialises rendered VNodes the way a browser would show them, and fails on anything unsafe. */
export function html(children: ComponentChildren): string {
  if (children === null || children === undefined || typeof children === "boolean") return "";
  if (typeof children === "string" || typeof children === "number") return escapeText(String(children));
  if (Array.isArray(children)) return children.map(html).join("");
  if (!isValidElement(children)) throw new Error("unexpected child");
  const node = children as VNode<Record<string, unknown>>;
  if (typeof node.type !== "string") throw new Error("markdown must render plain elements only");
  const { children: inner, ...props } = node.props;
  expect(props).not.toHaveProperty("dangerouslySetInnerHTML");
  expect(node.type).not.toBe("script");
  if (node.type === "img") {
    expect(Object.keys(props).sort()).toEqual(IMG_ATTRIBUTES);
    expect(String(props.src)).toMatch(/^https:\/\//);
    expect(props).toMatchObject({ loading: "lazy", referrerpolicy: "no-referrer" });
  }
  const attrs = Object.entries(props)
    .filter(([name]) => name !== "key")
    .map(([name, value]) => {
      expect(name.startsWith("on")).toBe(false);
      return ` ${name}="${escapeAttr(String(value))}"`;
    })
    .join("");
  return VOID.has(node.type)
    ? `<${node.type}${attrs}>`
    : `<${node.type}${attrs}>${html(inner as ComponentChildren)}</${node.type}>`;
}

export const render = (text: string, imageHosts?: string[]): string => html(renderMarkdown(text, imageHosts));
