/**
 * Quoted knowledge made fit for the chat panel, which renders paragraphs, lists, code, emphasis and
 * links (`widget/panel/markdown.ts`) and shows raw HTML as text: a table becomes a list of its rows
 * ("- Domain: `wss.iot.arduino.cc`, Port: 8443"), a blockquote its text, a GitHub alert ("> [!NOTE]")
 * opens with its label in bold ("**Note:** …"), and the page's own markup goes — HTML comments, empty
 * anchors, attribute lists ("{.link-external}"), footnote marks and the footnotes they point at (the
 * answer cites the article they belong to), `<sup>`, and a picture on a line of its own at an address
 * relative to the page, which the panel never loads (it shows images only from https addresses on the
 * agent's image hosts) and would show as its caption between two steps — `<kbd>Enter</kbd>` reads
 * as `Enter`, `<https://…>` as the bare address. Code stays as it is. Linear in the text.
 */

const FENCE = /^[ \t]*(```|~~~)/;
const QUOTE_MARKS = /^([ \t]*)(?:>[ \t]?)+/; // the indent before them (a quote inside a list item) stays
const ALERT = /^\[!(note|tip|important|warning|caution)\][ \t]*$/i;
const TABLE_ROW = /^[ \t]*\|/;
const DIVIDER_CELL = /^:?-{3,}:?$/;
const CODE_SPAN = /(`[^`\n]*`)/; // split on it: what is inside backticks is never touched
const FOOTNOTE = /^[ \t]*\[\^[^\]\s]+\]:/; // "[^1]: <https://…>", a footnote's text
/** Markup of the page that the panel would show as text: [pattern, replacement]. */
const PAGE_MARKUP: [RegExp, string][] = [
  [/<a\s+(?:id|name)="[^"]*"\s*>\s*<\/a>/gi, ""],
  [/\{(?:[#.][\w-]+\s*)+\}/g, ""],
  [/\[\^[^\]\s]+\](?!:)/g, ""],
  [/<\/?sup>/gi, ""],
  [/<kbd>([^<`]*)<\/kbd>/gi, "`$1`"],
  [/<(https?:\/\/[^>\s]+)>/g, "$1"],
];
/** A picture on a line of its own (its caption may hold "[brackets]"); group 1 is its address. */
const PICTURE_LINE = /^[ \t]*!\[(?:[^[\]\n]|\[[^[\]\n]*\])*\]\(([^)\n]*)\)[ \t]*$/;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i; // "https:", "data:"; an address without one is relative to the page
/** A thematic break ("---"): between two quoted paragraphs it separates them; before or after all of them it is a stray rule. */
const RULE = /^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/** Whether `paragraph` is only a picture (a screenshot between two steps). */
export const isPicture = (paragraph: string): boolean => PICTURE_LINE.test(paragraph);

/**
 * Whether `paragraph` is only a picture the panel never loads: one at an address relative to the page
 * (the panel shows images only from https addresses on the agent's image hosts).
 */
export function isUnshownPicture(paragraph: string): boolean {
  const address = PICTURE_LINE.exec(paragraph)?.[1];
  return address !== undefined && !HAS_SCHEME.test(address.trim());
}

/** `markdown` as the chat panel should show it (see above). */
export function chatMarkdown(markdown: string): string {
  const lines = withoutComments(markdown.split("\n"));
  const out: string[] = [];
  let inFence = false;
  let label = ""; // an alert's label, waiting for the first line of its text
  let dropped = false; // the last line was markup only, and went
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence || FENCE.test(line)) {
      out.push(line);
      continue;
    }
    const table = tableAt(lines, i);
    if (table) {
      out.push(...table.items.map(withoutPageMarkup));
      i = table.end - 1;
      continue;
    }
    if (FOOTNOTE.test(line)) continue;
    const quoted = QUOTE_MARKS.exec(line);
    if (!quoted) {
      const shown = isUnshownPicture(line) ? "" : withoutPageMarkup(line);
      // A line of markup only goes, and so does the blank line after it when one came before it.
      const kept = shown.trim() !== "" || (line.trim() === "" && !(dropped && out.at(-1) === ""));
      if (kept) out.push(shown);
      dropped = shown.trim() === "" && line.trim() !== "";
      continue;
    }
    const indent = quoted[1] ?? "";
    const text = line.slice(quoted[0].length);
    const alert = ALERT.exec(text.trim());
    if (alert) label = `**${capitalized(alert[1] ?? "")}:** `;
    else if (text.trim() !== "") {
      out.push(`${indent}${label}${withoutPageMarkup(text)}`);
      label = "";
    } else out.push("");
  }
  // Nor does the text open or end on a paragraph break that only stood beside markup, or on a rule.
  const blank = (line: string | undefined) => line !== undefined && (line.trim() === "" || RULE.test(line));
  while (blank(out[0])) out.shift();
  while (blank(out.at(-1))) out.pop();
  return out.join("\n");
}

/** `lines` without HTML comments, also those over several lines; code blocks untouched. */
function withoutComments(lines: readonly string[]): string[] {
  const out: string[] = [];
  let inFence = false;
  let inComment = false;
  for (const original of lines) {
    if (!inComment && FENCE.test(original)) inFence = !inFence;
    if (inFence || (!inComment && FENCE.test(original))) {
      out.push(original);
      continue;
    }
    let line = original;
    if (inComment) {
      const end = line.indexOf("-->");
      if (end < 0) continue;
      line = line.slice(end + 3);
      inComment = false;
    }
    line = line.replace(/<!--[\s\S]*?-->/g, "");
    const open = line.indexOf("<!--");
    if (open >= 0) {
      line = line.slice(0, open);
      inComment = true;
    }
    // A line that held only a comment goes; one that was blank stays, as the paragraph break it is.
    if (line.trim() !== "" || original.trim() === "") out.push(line.trimEnd());
  }
  return out;
}

/** `text` without the page's markup, outside code spans. */
function withoutPageMarkup(text: string): string {
  return text
    .split(CODE_SPAN)
    .map((part, i) => (i % 2 === 1 ? part : PAGE_MARKUP.reduce((s, [pattern, by]) => s.replace(pattern, by), part)))
    .join("");
}

/** The table starting at line `start` (a header row and a divider row first) as list items, and the line after it. */
function tableAt(lines: readonly string[], start: number): { items: string[]; end: number } | null {
  const header = lines[start] ?? "";
  const divider = cells(lines[start + 1] ?? "");
  if (!TABLE_ROW.test(header) || divider.length === 0 || !divider.every((cell) => DIVIDER_CELL.test(cell))) return null;
  const names = cells(header);
  const items: string[] = [];
  let end = start + 2;
  for (; end < lines.length && TABLE_ROW.test(lines[end] ?? ""); end++) {
    const values = cells(lines[end] ?? "");
    const named = values.flatMap((value, i) => (value === "" ? [] : [names[i] ? `${names[i]}: ${value}` : value]));
    if (named.length > 0) items.push(`- ${named.join(", ")}`);
  }
  return { items, end };
}

/** The cells of a table row, trimmed ("| a | b |" → ["a", "b"]); a pipe escaped as "\|" stays in its cell. */
function cells(row: string): string[] {
  const inner = row
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "");
  if (!row.includes("|")) return [];
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim());
}

const capitalized = (word: string): string => `${word.charAt(0).toUpperCase()}${word.slice(1).toLowerCase()}`;
