/**
 * Quoted knowledge made fit for the chat panel, which renders paragraphs, lists, code, emphasis and
 * links (`widget/panel/markdown.ts`) but neither tables nor blockquotes: a table becomes a list of its
 * rows ("- Domain: `wss.iot.arduino.cc`, Port: 8443"), a blockquote its text, and a GitHub alert
 * ("> [!NOTE]") opens with its label in bold ("**Note:** …"). Code blocks stay as they are. Linear in
 * the text.
 */

const FENCE = /^[ \t]*(```|~~~)/;
const QUOTE_MARKS = /^([ \t]*)(?:>[ \t]?)+/; // the indent before them (a quote inside a list item) stays
const ALERT = /^\[!(note|tip|important|warning|caution)\][ \t]*$/i;
const TABLE_ROW = /^[ \t]*\|/;
const DIVIDER_CELL = /^:?-{3,}:?$/;

/** `markdown` with its tables as lists and its blockquotes as plain paragraphs. */
export function chatMarkdown(markdown: string): string {
  const lines = markdown.split("\n");
  const out: string[] = [];
  let inFence = false;
  let label = ""; // an alert's label, waiting for the first line of its text
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence || FENCE.test(line)) {
      out.push(line);
      continue;
    }
    const table = tableAt(lines, i);
    if (table) {
      out.push(...table.items);
      i = table.end - 1;
      continue;
    }
    const quoted = QUOTE_MARKS.exec(line);
    if (!quoted) {
      out.push(line);
      continue;
    }
    const indent = quoted[1] ?? "";
    const text = line.slice(quoted[0].length);
    const alert = ALERT.exec(text.trim());
    if (alert) label = `**${capitalized(alert[1] ?? "")}:** `;
    else if (text.trim() !== "") {
      out.push(`${indent}${label}${text}`);
      label = "";
    } else out.push("");
  }
  return out.join("\n");
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
