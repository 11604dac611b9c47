/**
 * A small, safe markdown parser for assistant answers: text in, a plain syntax tree out (never
 * HTML). Raw HTML stays literal text, links keep only http(s)/mailto targets, and images are shown
 * only from https URLs on the agent's allowed image hosts (otherwise they stay their alt text).
 * `markdown-view.tsx` turns the tree into Preact elements.
 */

export type Inline =
  | { t: "text"; v: string }
  | { t: "code"; v: string }
  | { t: "strong"; c: Inline[] }
  | { t: "em"; c: Inline[] }
  | { t: "link"; href: string; c: Inline[] }
  | { t: "img"; src: string; alt: string }
  | { t: "br" };

export type Block =
  | { t: "p"; c: Inline[] }
  | { t: "h"; c: Inline[] }
  | { t: "pre"; v: string }
  | { t: "ul"; items: Inline[][] }
  | { t: "ol"; start: number; items: Inline[][] }
  | { t: "hr" };

const SAFE_PROTOCOLS = new Set(["http:", "https:", "mailto:"]); // everything else renders as text
/** Hosts whose images may be shown: the agent's `allowedImageHosts` (exact, lower-case host names). */
export type ImageHosts = readonly string[];
const NO_IMAGE_HOSTS: ImageHosts = []; // the default: no image is ever fetched
const MAX_NESTING = 6; // emphasis inside links inside emphasis…: deeper input renders as text
const MAX_LINK_TEXT_CHARS = 500; // bounds the search for a link's "]" so unclosed brackets stay linear
const MAX_URL_CHARS = 2_048; // longer "URLs" are not worth linking
const ESCAPABLE = /[\\`*_{}[\]()#+\-.!<>~|"']/; // characters a backslash makes literal
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const BULLET = /^[ \t]*[-*+][ \t]+(.*)$/;
const ORDERED = /^[ \t]*(\d{1,9})[.)][ \t]+(.*)$/;
const INDENTED = /^[ \t]+\S/;
const BARE_URL = /^https?:\/\/[^\s<>"]+/;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]]+$/; // "see https://x.y/z." links without the dot
const WORD_CHAR = /[\p{L}\p{N}]/u;
const WHITESPACE = /\s/;

/** A link target, normalised, when its scheme is allowed; null for anything else (including relative URLs). */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * An image URL to fetch, only when it is https on the default port, carries no credentials, and
 * its host is exactly one of `hosts` (so neither `images.example.com.evil.test` nor
 * `evilimages.example.com` passes for `images.example.com`); null for anything else.
 */
export function safeImageSrc(raw: string, hosts: ImageHosts): string | null {
  try {
    const url = new URL(raw.trim());
    const plain = url.protocol === "https:" && url.port === "" && url.username === "" && url.password === "";
    return plain && hosts.includes(url.hostname) ? url.href : null;
  } catch {
    return null;
  }
}

/** Parses the whole text into blocks; images are kept only from `imageHosts`. */
export function parseMarkdown(source: string, imageHosts: ImageHosts = NO_IMAGE_HOSTS): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string; // i < lines.length
    const fence = FENCE.exec(line);
    const heading = HEADING.exec(line);
    if (fence) {
      const marker = fence[1] ?? "```";
      const body: string[] = [];
      i++;
      // An unclosed fence runs to the end: that is also how a block looks mid-stream.
      while (i < lines.length && !(lines[i] as string).trimStart().startsWith(marker)) body.push(lines[i++] as string);
      i++;
      blocks.push({ t: "pre", v: body.join("\n") });
    } else if (line.trim() === "") i++;
    else if (RULE.test(line)) {
      blocks.push({ t: "hr" });
      i++;
    } else if (heading) {
      blocks.push({ t: "h", c: parseInline(heading[1] ?? "", imageHosts) });
      i++;
    } else if (BULLET.test(line) || ORDERED.test(line)) {
      i = parseList(lines, i, blocks, imageHosts);
    } else {
      const body: string[] = [];
      while (i < lines.length && !startsOtherBlock(lines[i] as string)) body.push((lines[i++] as string).trim());
      blocks.push({ t: "p", c: parseInline(body.join("\n"), imageHosts) });
    }
  }
  return blocks;
}

const BLOCK_STARTS = [FENCE, RULE, HEADING, BULLET, ORDERED];
const startsOtherBlock = (line: string): boolean =>
  line.trim() === "" || BLOCK_STARTS.some((start) => start.test(line));

/** Reads one list (bullet or numbered, whichever the first line is) from `start`; returns the next line index. */
function parseList(lines: string[], start: number, blocks: Block[], imageHosts: ImageHosts): number {
  const ordered = ORDERED.exec(lines[start] ?? "");
  const item = ordered ? ORDERED : BULLET;
  const texts: string[] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i] as string; // i < lines.length
    const match = item.exec(line);
    if (match) texts.push((ordered ? match[2] : match[1]) ?? "");
    else if (INDENTED.test(line) && texts.length > 0 && !(ordered ? BULLET : ORDERED).test(line)) {
      texts[texts.length - 1] += `\n${line.trim()}`; // an indented line continues the item
    } else break;
    i++;
  }
  const items = texts.map((text) => parseInline(text, imageHosts));
  blocks.push(ordered ? { t: "ol", start: Number(ordered[1]), items } : { t: "ul", items });
  return i;
}

/** Parses inline markdown: code spans, links, images (allowed hosts only, else their alt text), emphasis, bare URLs, line breaks. */
export function parseInline(
  text: string,
  imageHosts: ImageHosts = NO_IMAGE_HOSTS,
  depth = 0,
  inLink = false,
): Inline[] {
  const out: Inline[] = [];
  const noCloser = new Set<string>(); // delimiters already known to have no closer further on
  let buffer = "";
  const flush = (): void => {
    if (buffer) out.push({ t: "text", v: buffer });
    buffer = "";
  };
  const push = (node: Inline): void => {
    flush();
    out.push(node);
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string; // i < text.length
    const next = text[i + 1] ?? "";
    if (ch === "\\" && ESCAPABLE.test(next)) {
      buffer += next;
      i += 2;
      continue;
    }
    if (ch === "\n") {
      push({ t: "br" });
      i++;
      continue;
    }
    if (ch === "`") {
      const run = runLength(text, i, "`");
      const ticks = "`".repeat(run);
      const close = noCloser.has(ticks) ? -1 : findCodeClose(text, i + run, run);
      if (close < 0) {
        noCloser.add(ticks);
        buffer += ticks;
        i += run;
        continue;
      }
      push({ t: "code", v: text.slice(i + run, close).replace(/\n/g, " ") });
      i = close + run;
      continue;
    }
    if ((ch === "[" || (ch === "!" && next === "[")) && depth < MAX_NESTING) {
      const image = ch === "!";
      const link = matchLink(text, image ? i + 1 : i);
      if (link) {
        const href = image || inLink ? null : safeHref(link.url);
        const src = image ? safeImageSrc(link.url, imageHosts) : null;
        if (src) push({ t: "img", src, alt: link.label });
        else if (image)
          buffer += link.label; // an image from anywhere else is never fetched: its alt text shows
        else if (href) push({ t: "link", href, c: parseInline(link.label, imageHosts, depth + 1, true) });
        else {
          flush(); // an unsafe or nested link keeps its label as plain text
          out.push(...parseInline(link.label, imageHosts, depth + 1, inLink));
        }
        i = link.end;
        continue;
      }
    }
    if ((ch === "*" || ch === "_") && depth < MAX_NESTING) {
      const emphasis = matchEmphasis(text, i, ch, noCloser);
      if (emphasis) {
        const children = parseInline(text.slice(emphasis.from, emphasis.to), imageHosts, depth + 1, inLink);
        const node: Inline =
          emphasis.run === 1
            ? { t: "em", c: children }
            : emphasis.run === 2
              ? { t: "strong", c: children }
              : { t: "strong", c: [{ t: "em", c: children }] };
        push(node);
        i = emphasis.to + emphasis.run;
        continue;
      }
      const run = runLength(text, i, ch);
      buffer += ch.repeat(run);
      i += run;
      continue;
    }
    if (ch === "h" && !inLink && !WORD_CHAR.test(text[i - 1] ?? "")) {
      const url = BARE_URL.exec(text.slice(i, i + MAX_URL_CHARS))?.[0].replace(TRAILING_PUNCTUATION, "");
      const href = url ? safeHref(url) : null;
      if (url && href) {
        push({ t: "link", href, c: [{ t: "text", v: url }] });
        i += url.length;
        continue;
      }
    }
    buffer += ch;
    i++;
  }
  flush();
  return out;
}

function runLength(text: string, at: number, ch: string): number {
  let n = 0;
  while (text[at + n] === ch) n++;
  return n;
}

/** The index of a backtick run of exactly `run` characters at or after `from`, or -1. */
function findCodeClose(text: string, from: number, run: number): number {
  let j = text.indexOf("`", from);
  while (j >= 0) {
    const length = runLength(text, j, "`");
    if (length === run) return j;
    j = text.indexOf("`", j + length);
  }
  return -1;
}

/** `[label](url)` starting at `at` (which holds "["), or null. */
function matchLink(text: string, at: number): { label: string; url: string; end: number } | null {
  let depth = 0;
  let close = -1;
  for (let j = at; j < text.length && j - at <= MAX_LINK_TEXT_CHARS; j++) {
    const c = text[j];
    if (c === "\\") j++;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) {
      close = j;
      break;
    }
  }
  if (close < 0 || text[close + 1] !== "(") return null;
  let parens = 0;
  for (let j = close + 2; j < text.length && j - close <= MAX_URL_CHARS; j++) {
    const c = text[j] as string; // j < text.length
    if (WHITESPACE.test(c)) return null;
    if (c === "(") parens++;
    else if (c === ")" && parens-- === 0)
      return { label: text.slice(at + 1, close), url: text.slice(close + 2, j), end: j + 1 };
  }
  return null;
}

/** Emphasis opened by the delimiter run at `at`: the content's range and the run length (1–3), or null. */
function matchEmphasis(
  text: string,
  at: number,
  ch: string,
  noCloser: Set<string>,
): { from: number; to: number; run: number } | null {
  const full = runLength(text, at, ch);
  const run = Math.min(full, 3);
  const from = at + run;
  const opensWord = !WHITESPACE.test(text[from] ?? " ") && text[from] !== undefined;
  const intraword = ch === "_" && WORD_CHAR.test(text[at - 1] ?? ""); // snake_case stays literal
  const key = ch.repeat(run);
  if (!opensWord || intraword || full > run || noCloser.has(key)) return null;
  let j = text.indexOf(ch, from);
  while (j >= 0) {
    const length = runLength(text, j, ch);
    const closesWord = !WHITESPACE.test(text[j - 1] ?? " ");
    const endsWord = ch !== "_" || !WORD_CHAR.test(text[j + length] ?? "");
    if (length === run && closesWord && endsWord && j > from) return { from, to: j, run };
    j = text.indexOf(ch, j + length);
  }
  noCloser.add(key); // nothing closes it later on either: later openers of this kind skip the scan
  return null;
}
