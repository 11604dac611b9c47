/**
 * Word documents (.docx) as Markdown: paragraphs from `word/document.xml`, heading and title
 * styles (resolved through `word/styles.xml`) as `#` headings, numbered/bulleted paragraphs as
 * list items and tables as Markdown tables.
 */
import { titleFromName, type ParsedDocument } from "./text";
import { collapseSpaces, coreTitle, CORE_PROPERTIES, markdownTable, requirePart, unzipParts, walkXml } from "./zip-xml";

const DOCUMENT = "word/document.xml";
const STYLES = "word/styles.xml";
const MAX_HEADING_LEVEL = 6; // Markdown has six; Word's "Heading 7–9" become level 6
const HEADING_NAME = /^heading\s*(\d)$/i; // built-in style names are English whatever the UI language
const HEADING_ID = /^heading(\d)$/i; // used when styles.xml is missing
const TITLE_STYLE = /^title$/i;

/** Style id → heading level (1 for the Title style). */
function headingStyles(stylesXml: string | null): Map<string, number> {
  const levels = new Map<string, number>();
  if (!stylesXml) return levels;
  let styleId: string | null = null;
  walkXml(stylesXml, {
    open(name, attributes) {
      if (name === "w:style") styleId = attributes["w:styleId"] ?? null;
      else if (styleId && name === "w:name") {
        const value = attributes["w:val"] ?? "";
        const heading = HEADING_NAME.exec(value);
        if (heading) levels.set(styleId, Number(heading[1]));
        else if (TITLE_STYLE.test(value)) levels.set(styleId, 1);
      } else if (styleId && name === "w:outlineLvl" && !levels.has(styleId)) {
        levels.set(styleId, Number(attributes["w:val"] ?? "0") + 1);
      }
    },
    close(name) {
      if (name === "w:style") styleId = null;
    },
  });
  return levels;
}

export function parseDocx(name: string, bytes: Uint8Array): ParsedDocument {
  const parts = unzipParts(bytes, (path) => path === DOCUMENT || path === STYLES || path === CORE_PROPERTIES);
  const documentXml = requirePart(parts, DOCUMENT);
  const styles = headingStyles(parts.has(STYLES) ? requirePart(parts, STYLES) : null);
  const levelOf = (styleId: string) =>
    styles.get(styleId) ?? (TITLE_STYLE.test(styleId) ? 1 : Number(HEADING_ID.exec(styleId)?.[1] ?? "0"));

  const blocks: string[] = [];
  const headings: string[] = [];
  // The paragraph being read; text boxes put paragraphs inside paragraphs, hence the stack.
  type Paragraph = { text: string; level: number; listDepth: number }; // listDepth -1: not a list item
  const open: Paragraph[] = [];
  let inText = false;
  let fallbackDepth = 0; // inside <mc:Fallback>: a second copy of content already read from <mc:Choice>
  // Tables: only the outermost one becomes a Markdown table; nested tables add their text to its cell.
  let tableDepth = 0;
  let rows: string[][] = [];
  let cell: string[] | null = null;

  walkXml(documentXml, {
    open(element, attributes) {
      if (element === "mc:Fallback") fallbackDepth++;
      if (fallbackDepth > 0) return;
      const paragraph = open.at(-1);
      switch (element) {
        case "w:p":
          open.push({ text: "", level: 0, listDepth: -1 });
          break;
        case "w:pStyle":
          if (paragraph) paragraph.level = levelOf(attributes["w:val"] ?? "");
          break;
        case "w:ilvl":
          if (paragraph) paragraph.listDepth = Number(attributes["w:val"] ?? "0") || 0;
          break;
        case "w:numPr":
          if (paragraph) paragraph.listDepth = Math.max(paragraph.listDepth, 0);
          break;
        case "w:t":
          inText = true;
          break;
        case "w:tab":
          if (paragraph) paragraph.text += " ";
          break;
        case "w:br":
        case "w:cr":
          if (paragraph) paragraph.text += "\n";
          break;
        case "w:tbl":
          if (tableDepth++ === 0) rows = [];
          break;
        case "w:tr":
          if (tableDepth === 1) rows.push([]);
          break;
        case "w:tc":
          if (tableDepth === 1) cell = [];
          break;
      }
    },
    text(chunk) {
      const paragraph = open.at(-1);
      if (inText && paragraph && fallbackDepth === 0) paragraph.text += chunk;
    },
    close(element) {
      if (element === "mc:Fallback") fallbackDepth--;
      if (fallbackDepth > 0) return;
      if (element === "w:t") inText = false;
      else if (element === "w:p") {
        const current = open.pop();
        if (!current) return;
        const { level, listDepth } = current;
        const paragraph = current.text
          .replace(/[^\S\n]+/g, " ")
          .replace(/ ?\n ?/g, "\n")
          .trim();
        if (!paragraph) return;
        if (tableDepth > 0) {
          cell?.push(paragraph);
        } else if (level > 0) {
          // Numbered headings ("1.2 Returns") are headings first.
          const heading = collapseSpaces(paragraph);
          headings.push(heading);
          blocks.push(`${"#".repeat(Math.min(level, MAX_HEADING_LEVEL))} ${heading}`);
        } else if (listDepth >= 0) {
          blocks.push(`${"  ".repeat(listDepth)}- ${paragraph}`);
        } else {
          blocks.push(paragraph);
        }
      } else if (element === "w:tc" && tableDepth === 1 && cell) {
        rows.at(-1)?.push(cell.join(" "));
        cell = null;
      } else if (element === "w:tbl" && --tableDepth === 0) {
        const table = markdownTable(rows.filter((row) => row.some((value) => value.trim())));
        if (table) blocks.push(table);
      }
    },
  });

  const title = coreTitle(parts) ?? headings[0] ?? titleFromName(name);
  return { title, markdown: joinBlocks(blocks) };
}

/** Paragraphs separated by blank lines; consecutive list items stay together as one list. */
function joinBlocks(blocks: string[]): string {
  const isItem = (block: string | undefined) => block !== undefined && /^\s*- /.test(block);
  return blocks
    .map((block, i) => (i === 0 ? block : `${isItem(block) && isItem(blocks[i - 1]) ? "\n" : "\n\n"}${block}`))
    .join("");
}
