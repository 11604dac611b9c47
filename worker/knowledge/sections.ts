/**
 * Splits a Markdown article into heading-aware sections: each section keeps the path of headings
 * above it ("Billing › Refunds › By card"), so a passage is understandable on its own.
 */

export type Section = {
  /** Headings from the article title down to this section's own heading. */
  headingPath: string[];
  /** The section's Markdown body, without its heading line. */
  text: string;
};

const MAX_HEADING_LEVEL = 6; // Markdown has six heading levels; "#######" starts a paragraph
const LINE_BREAK = /[\n\r\u2028\u2029]/; // a heading is one line
const isSpace = (c: string | undefined) => c === " " || c === "\t";
const isClosing = (c: string | undefined) => c === " " || c === "\t" || c === "#";
const FENCE = /^[ \t]*(```|~~~)/; // headings inside code blocks are code, not structure
const MAX_SECTION_CHARS = 2_000; // longer sections are cut at paragraph breaks: a passage should be quotable

/**
 * An ATX heading line ("## Refunds ##" → level 2, text "Refunds", untrimmed), or null. The same
 * result as `/^(#{1,6})[ \t]+(.+?)[ \t#]*$/`, found in one pass from each end: that regular
 * expression took time quadratic in the line for text such as "## a # # # … # b".
 */
export function atxHeading(line: string, maxLevel = MAX_HEADING_LEVEL): { level: number; text: string } | null {
  let level = 0;
  while (line[level] === "#") level++;
  if (level < 1 || level > maxLevel || LINE_BREAK.test(line)) return null;
  let start = level;
  while (isSpace(line[start])) start++;
  if (start === level) return null; // "#word" is not a heading
  if (start === line.length) {
    // Only spaces after the hashes: the text is the last of them, when one is left for the separator.
    return start - level >= 2 ? { level, text: line.slice(start - 1) } : null;
  }
  let end = line.length;
  while (end > start && isClosing(line[end - 1])) end--;
  // Text of closing characters only ("# ##") keeps its first one, as the lazy `(.+?)` did.
  return { level, text: line.slice(start, Math.max(end, start + 1)) };
}

/** The sections of `body` under the article `title`; text before the first heading belongs to the title. */
export function splitSections(title: string, body: string): Section[] {
  const sections: Section[] = [];
  const stack: { level: number; text: string }[] = [];
  let lines: string[] = [];
  let inFence = false;

  const flush = () => {
    const text = lines.join("\n").trim();
    lines = [];
    if (!text) return;
    const path = [title, ...stack.map((h) => h.text)].filter((h, i, all) => i === 0 || h !== all[i - 1]);
    for (const piece of cutLong(text)) sections.push({ headingPath: path, text: piece });
  };

  for (const line of body.replace(/\r\n?/g, "\n").split("\n")) {
    if (FENCE.test(line)) inFence = !inFence;
    const heading = inFence ? null : atxHeading(line);
    if (!heading) {
      lines.push(line);
      continue;
    }
    flush();
    const { level } = heading;
    while (stack.length > 0 && (stack.at(-1)?.level ?? 0) >= level) stack.pop();
    stack.push({ level, text: heading.text.trim() });
  }
  flush();
  return sections;
}

/** `text` cut at blank lines into pieces of at most MAX_SECTION_CHARS (a single longer paragraph stays whole). */
function cutLong(text: string): string[] {
  if (text.length <= MAX_SECTION_CHARS) return [text];
  const pieces: string[] = [];
  let current = "";
  for (const paragraph of text.split(/\n{2,}/)) {
    if (current && current.length + paragraph.length + 2 > MAX_SECTION_CHARS) {
      pieces.push(current);
      current = "";
    }
    current = current ? `${current}\n\n${paragraph}` : paragraph;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** Paragraphs of a Markdown text (blank-line separated), trimmed, empty ones dropped. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** Sentences of a paragraph: split after . ! ? (and list items on their own lines). */
export function sentences(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"“(*_`[])|\n(?=[ \t]*(?:[-*+]|\d+[.)])[ \t])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
