/**
 * Excel workbooks (.xlsx) as Markdown: one "## <sheet name>" section per worksheet, in workbook
 * order, its cells as a Markdown table (the first non-empty row as the header). Cached values are
 * read as stored: formulas give their last result, dates their serial number.
 */
import { titleFromName, type ParsedDocument } from "./text";
import {
  coreTitle,
  CORE_PROPERTIES,
  markdownTable,
  readRelationships,
  requirePart,
  textPerElement,
  unzipParts,
  walkXml,
} from "./zip-xml";

const WORKBOOK = "xl/workbook.xml";
const WORKBOOK_RELS = "xl/_rels/workbook.xml.rels";
const SHARED_STRINGS = "xl/sharedStrings.xml";
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
const PHONETIC_RUNS = new Set(["rPh"]); // furigana hints repeat the cell's text: not part of it
const MAX_COLUMNS = 16_384; // Excel's own limit (XFD); a larger reference is corrupt
const CELL_REFERENCE = /^([A-Z]+)(\d+)$/;
/** Table cells (empty ones included) kept per workbook: far beyond real sheets, and it bounds a sparse sheet's memory. */
const MAX_CELLS = 2_000_000;

type Sheet = { name: string; path: string };

/** Zero-based column index of "A1"-style references ("A" → 0, "AA" → 26). */
function columnIndex(letters: string): number {
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

function sheets(parts: Map<string, Uint8Array>): Sheet[] {
  const targets = readRelationships(parts, WORKBOOK_RELS, "xl");
  const listed: Sheet[] = [];
  walkXml(requirePart(parts, WORKBOOK), {
    open(name, attributes) {
      if (name !== "sheet") return;
      const path = targets.get(attributes["r:id"] ?? "");
      if (path && parts.has(path)) listed.push({ name: attributes.name ?? path, path });
    },
  });
  return listed;
}

/** A worksheet's rows of cell text, empty rows and leading empty columns dropped. */
function readRows(xml: string, shared: string[], budget: { cells: number }): string[][] {
  const rows: string[][] = [];
  let row: string[] | null = null;
  let nextColumn = 0;
  let cell: { column: number; type: string; value: string } | null = null;
  let reading = false; // inside <v> or an inline string's <t>
  let phonetic = 0;
  walkXml(xml, {
    open(name, attributes) {
      if (name === "row") {
        row = [];
        nextColumn = 0;
      } else if (name === "c" && row) {
        const reference = CELL_REFERENCE.exec(attributes.r ?? "");
        const column = reference?.[1] ? columnIndex(reference[1]) : nextColumn;
        cell = { column: Math.min(column, MAX_COLUMNS - 1), type: attributes.t ?? "n", value: "" };
      } else if (name === "rPh") phonetic++;
      else if ((name === "v" || name === "t") && cell && phonetic === 0) reading = true;
    },
    text(text) {
      if (reading && cell) cell.value += text;
    },
    close(name) {
      if (name === "v" || name === "t") reading = false;
      else if (name === "rPh") phonetic--;
      else if (name === "c" && cell && row) {
        const text = cellText(cell.type, cell.value, shared);
        if (text) row[cell.column] = text;
        nextColumn = cell.column + 1;
        cell = null;
      } else if (name === "row" && row) {
        if (row.some((value) => value?.trim()) && budget.cells >= row.length) {
          budget.cells -= row.length;
          rows.push(Array.from(row, (value) => value ?? ""));
        }
        row = null;
      }
    },
  });
  const firstColumn = Math.min(...rows.map((r) => r.findIndex((value) => value.trim())));
  return Number.isFinite(firstColumn) && firstColumn > 0 ? rows.map((r) => r.slice(firstColumn)) : rows;
}

function cellText(type: string, value: string, shared: string[]): string {
  if (type === "s") return shared[Number(value)] ?? "";
  if (type === "b") return value === "1" ? "TRUE" : value === "0" ? "FALSE" : value;
  return value; // numbers, formula strings ("str"), inline strings, errors ("#N/A")
}

export function parseXlsx(name: string, bytes: Uint8Array): ParsedDocument {
  const parts = unzipParts(
    bytes,
    (path) =>
      WORKSHEET.test(path) ||
      path === WORKBOOK ||
      path === WORKBOOK_RELS ||
      path === SHARED_STRINGS ||
      path === CORE_PROPERTIES,
  );
  const shared = parts.has(SHARED_STRINGS)
    ? textPerElement(requirePart(parts, SHARED_STRINGS), "si", "t", PHONETIC_RUNS)
    : [];
  const sections: string[] = [];
  const budget = { cells: MAX_CELLS };
  for (const sheet of sheets(parts)) {
    const table = markdownTable(readRows(requirePart(parts, sheet.path), shared, budget));
    if (table) sections.push(`## ${sheet.name}\n\n${table}`);
  }
  return { title: coreTitle(parts) ?? titleFromName(name), markdown: sections.join("\n\n") };
}
