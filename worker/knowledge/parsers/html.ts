/**
 * HTML pages and files as clean Markdown: headings, paragraphs, lists, tables and code kept;
 * scripts, styles, navigation, headers, footers, asides and forms dropped. Also reports the
 * page's title, canonical URL, language and every followable link (for the crawler).
 * One streaming pass with htmlparser2 (no DOM), so large pages cost little memory.
 */
import { Parser } from "htmlparser2";
import { BLOCKS, DROPPED, DROPPED_ROLES } from "./html-elements";

export type HtmlDocument = {
  title: string;
  markdown: string;
  /** Every `<a href>` (and `<area href>`), resolved, http(s) only, fragment removed, de-duplicated, in page order. */
  links: string[];
  canonical: string | null;
  lang: string | null;
};
/** What the crawler also needs: the page's `<meta name="robots">` wishes. */
export type HtmlPage = HtmlDocument & { noindex: boolean; nofollow: boolean };

const HEADING = /^h([1-6])$/;
const MAX_TITLE_CHARS = 300; // a title is a line, not a paragraph

type Block = { text: string; inMain: boolean };

function resolveUrl(href: string, base: string | undefined): URL | null {
  try {
    return new URL(href.trim(), base);
  } catch {
    return null;
  }
}

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();
/** Like collapse, but keeps the line breaks `<br>` wrote (text nodes have had theirs turned into spaces). */
const collapseKeepingBreaks = (text: string) =>
  text
    .replace(/[^\S\n]+/g, " ")
    .replace(/ ?\n ?/g, "\n")
    .trim();

/**
 * A `<pre>` block's text without its leading newlines and trailing white space. By index, not with
 * `/^\n+|\s+$/g`: that tried `\s+$` from every space of every run, quadratic in a long run inside the block.
 */
function trimPre(text: string): string {
  let start = 0;
  while (text[start] === "\n") start++;
  return text.slice(start).trimEnd(); // trimEnd removes exactly what `\s` matches
}

/** Parses a page; `baseUrl` resolves relative links and the canonical URL (a `<base href>` overrides it). */
export function parseHtmlPage(html: string, baseUrl?: string): HtmlPage {
  let base = baseUrl;
  let skipDepth = 0; // >0 while inside dropped elements
  const skipStack: boolean[] = []; // per open element: did it start a dropped region?
  let mainDepth = 0;
  const mainStack: boolean[] = [];
  let preDepth = 0;
  let quoteDepth = 0;
  const lists: { ordered: boolean; index: number }[] = [];
  const blocks: Block[] = [];
  let inline = ""; // the block being written
  let prefix = ""; // its Markdown prefix ("## ", "- ", "> ")
  let rowCells: string[] | null = null;
  let cell: string | null = null;
  let headerRowDone = false;
  let rowHasHeader = false;
  let inTitle = false;
  let titleTag = "";
  let firstH1: string | null = null;
  let headingLevel = 0;
  let headingText = "";
  const links = new Set<string>();
  let canonical: string | null = null;
  let lang: string | null = null;
  let noindex = false;
  let nofollow = false;

  const push = (text: string) => {
    if (text.trim()) blocks.push({ text, inMain: mainDepth > 0 });
  };
  // An empty block keeps its prefix, so "<li><p>text</p></li>" still becomes "- text".
  const flush = () => {
    const text = preDepth > 0 ? inline : collapseKeepingBreaks(inline);
    inline = "";
    if (!text) return;
    push(`${"> ".repeat(quoteDepth)}${prefix}${text}`);
    prefix = "";
  };
  const write = (text: string) => {
    if (cell !== null) cell += text;
    else inline += text;
    if (headingLevel) headingText += text;
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const role = (attribs.role ?? "").toLowerCase();
        const dropped =
          DROPPED.has(name) || DROPPED_ROLES.has(role) || "hidden" in attribs || attribs["aria-hidden"] === "true";
        // Links are collected everywhere (navigation is how a crawler finds pages), content only outside dropped regions.
        if ((name === "a" || name === "area") && attribs.href && !/\bnofollow\b/i.test(attribs.rel ?? "")) {
          const url = resolveUrl(attribs.href, base);
          if (url && (url.protocol === "http:" || url.protocol === "https:")) {
            url.hash = "";
            links.add(url.href);
          }
        }
        if (name === "html" && attribs.lang?.trim()) lang = attribs.lang.trim();
        if (name === "base" && attribs.href) base = resolveUrl(attribs.href, base)?.href ?? base;
        if (name === "link" && /(^|\s)canonical(\s|$)/i.test(attribs.rel ?? "") && attribs.href && canonical === null) {
          canonical = resolveUrl(attribs.href, base)?.href ?? null;
        }
        if (name === "meta" && (attribs.name ?? "").toLowerCase() === "robots") {
          const content = (attribs.content ?? "").toLowerCase();
          noindex ||= /\b(noindex|none)\b/.test(content);
          nofollow ||= /\b(nofollow|none)\b/.test(content);
        }
        if (name === "title") inTitle = true;
        skipStack.push(dropped);
        if (dropped) skipDepth++;
        const isMain = name === "main" || role === "main";
        mainStack.push(isMain);
        if (isMain) mainDepth++;
        if (skipDepth > 0) return;

        if (BLOCKS.has(name) || name === "br") {
          if (name === "br") {
            write("\n");
            return;
          }
          if (cell === null) flush();
        }
        const heading = HEADING.exec(name);
        if (heading) {
          headingLevel = Number(heading[1]);
          headingText = "";
          prefix = `${"#".repeat(headingLevel)} `;
        } else if (name === "ul" || name === "ol") {
          lists.push({ ordered: name === "ol", index: Number(attribs.start ?? "1") || 1 });
        } else if (name === "li") {
          const list = lists.at(-1);
          const indent = "  ".repeat(Math.max(0, lists.length - 1));
          prefix = `${indent}${list?.ordered ? `${list.index++}.` : "-"} `;
        } else if (name === "blockquote") {
          quoteDepth++;
        } else if (name === "pre") {
          preDepth++;
        } else if (name === "tr") {
          rowCells = [];
          rowHasHeader = false;
        } else if (name === "td" || name === "th") {
          cell = "";
          if (name === "th") rowHasHeader = true;
        } else if (name === "table") {
          headerRowDone = false;
        } else if (name === "code" && preDepth === 0) {
          write("`");
        } else if (name === "img" && attribs.alt?.trim()) {
          write(` ${attribs.alt.trim()} `);
        } else if (name === "hr") {
          push("---");
        }
      },
      ontext(text) {
        if (inTitle) titleTag += text;
        if (skipDepth > 0) return;
        write(preDepth > 0 ? text : text.replace(/\s+/g, " "));
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
        const wasDropped = skipStack.pop();
        const wasMain = mainStack.pop();
        if (skipDepth > 0) {
          if (wasDropped) skipDepth--;
          if (wasMain) mainDepth--;
          return;
        }
        if (name === "pre") {
          const code = trimPre(inline);
          inline = "";
          prefix = "";
          if (code) push(`\`\`\`\n${code}\n\`\`\``);
          preDepth = Math.max(0, preDepth - 1);
        } else if (name === "code" && preDepth === 0) {
          write("`");
        } else if ((name === "td" || name === "th") && cell !== null) {
          rowCells?.push(collapse(cell).replace(/\|/g, "\\|"));
          cell = null;
        } else if (name === "tr" && rowCells) {
          if (rowCells.some((c) => c)) {
            push(`| ${rowCells.join(" | ")} |`);
            if (!headerRowDone && rowHasHeader) push(`|${" --- |".repeat(rowCells.length)}`);
          }
          headerRowDone = true;
          rowCells = null;
        } else if (name === "ul" || name === "ol") {
          lists.pop();
        } else if (name === "blockquote") {
          flush();
          quoteDepth = Math.max(0, quoteDepth - 1);
        }
        if (HEADING.test(name)) {
          if (name === "h1" && firstH1 === null && headingText.trim()) firstH1 = collapse(headingText);
          headingLevel = 0;
        }
        if (BLOCKS.has(name) && cell === null) flush();
        if (HEADING.test(name) || name === "li") prefix = ""; // an empty heading or item must not prefix what follows
        if (wasDropped) skipDepth--;
        if (wasMain) mainDepth--;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  flush();

  // A page that marks its main content loses everything around it (sidebars, menus without <nav>).
  const kept = blocks.some((b) => b.inMain) ? blocks.filter((b) => b.inMain) : blocks;
  const markdown = joinBlocks(kept.map((b) => b.text));
  const title = (firstH1 ?? collapse(titleTag)).slice(0, MAX_TITLE_CHARS);
  return { title, markdown, links: [...links], canonical, lang, noindex, nofollow };
}

/** Blocks separated by blank lines, except consecutive list items and table rows, which stay together. */
function joinBlocks(texts: string[]): string {
  let out = "";
  let previous = "";
  for (const text of texts) {
    const tight =
      (/^\s*([-*]|\d+\.) /.test(text) && /^\s*([-*]|\d+\.) /.test(previous)) ||
      (text.startsWith("|") && previous.startsWith("|"));
    out += out ? (tight ? "\n" : "\n\n") : "";
    out += text;
    previous = text;
  }
  return out;
}

/** An HTML page or file as a title and Markdown, with its links, canonical URL and language. */
export function htmlToDocument(html: string, baseUrl?: string): HtmlDocument {
  const { title, markdown, links, canonical, lang } = parseHtmlPage(html, baseUrl);
  return { title, markdown, links, canonical, lang };
}
