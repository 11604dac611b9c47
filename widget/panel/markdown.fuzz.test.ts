/** The panel's markdown renderer under random input (fast-check): nothing unsafe ever comes out, plain text stays text. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Block, type Inline, parseMarkdown } from "./markdown";
import { render } from "./markdown-html";

describe("markdown: properties (issue 13 fuzzing)", () => {
  const RUNS = 300; // fixed and modest: the suite stays fast, and a failure is reproducible from its printed seed
  const ALLOWED_HOST = "images.example.com";
  const ELEMENTS = new Set(["p", "strong", "em", "code", "a", "img", "br", "pre", "ul", "ol", "li", "hr", "div"]);
  /** Pieces that mean something to markdown, HTML or URLs, so random text is mostly near-misses. */
  const piece = fc.oneof(
    fc.constantFrom(
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "<a href='javascript:alert(1)'>",
      "</p>",
      "<",
      ">",
      "&lt;",
      '"',
      "'",
      "[",
      "]",
      "(",
      ")",
      "![",
      "](",
      "*",
      "**",
      "_",
      "`",
      "```",
      "\\",
      "\n",
      "\n\n",
      "# ",
      "- ",
      "1. ",
      "---",
      "https://",
      "http://",
      "javascript:",
      "JaVaScRiPt:",
      "data:text/html,",
      "mailto:",
      "vbscript:",
      "//evil.test/",
      `https://${ALLOWED_HOST}/a.png`,
      `https://${ALLOWED_HOST}.evil.test/a.png`,
      `https://user@${ALLOWED_HOST}/a.png`,
      `https://${ALLOWED_HOST}:444/a.png`,
      "evil.test",
      " ",
      "\t",
    ),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: "binary", maxLength: 4 }),
  );
  const markdown = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(""));

  function walk(nodes: readonly (Block | Inline)[], visit: (node: Block | Inline) => void): void {
    for (const node of nodes) {
      visit(node);
      if ("c" in node) walk(node.c, visit);
      if ("items" in node) for (const item of node.items) walk(item, visit);
    }
  }

  it("renders only its own elements; raw HTML from the input is never an element", () => {
    fc.assert(
      fc.property(markdown, (text) => {
        const output = render(text, [ALLOWED_HOST]); // html() also fails on handlers, scripts and odd image attributes
        for (const [, tag] of output.matchAll(/<\/?([^\s>/]+)/g)) expect(ELEMENTS).toContain(tag);
        expect(output).not.toMatch(/<(script|iframe|object|embed|svg|style)\b/i);
      }),
      { numRuns: RUNS },
    );
  });

  it("links only to http(s) and mailto, and shows images only from the allowed hosts", () => {
    fc.assert(
      fc.property(markdown, (text) => {
        walk(parseMarkdown(text, [ALLOWED_HOST]), (node) => {
          if (node.t === "link") expect(["http:", "https:", "mailto:"]).toContain(new URL(node.href).protocol);
          if (node.t === "img") {
            const url = new URL(node.src);
            expect(url.protocol).toBe("https:");
            expect(url.hostname).toBe(ALLOWED_HOST);
            expect(url.port + url.username + url.password).toBe("");
          }
        });
        walk(parseMarkdown(text), (node) => {
          expect(node.t).not.toBe("img"); // no allowed hosts: no image at all
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("keeps every character of plain text that has no markdown in it", () => {
    const plain = fc.string({ unit: fc.constantFrom("a", "b", "Z", "1", " ", ",", "<", ">", "&", '"', "=", "/", "é") });
    fc.assert(
      fc.property(plain, (text) => {
        fc.pre(text.trim() !== "");
        const blocks = parseMarkdown(text);
        expect(blocks).toEqual([{ t: "p", c: [{ t: "text", v: text.trim() }] }]);
      }),
      { numRuns: RUNS },
    );
  });
});
