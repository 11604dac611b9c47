/**
 * Shared helpers for Office Open XML files (.docx, .pptx, .xlsx): unzipping only the parts a
 * parser needs within memory bounds, walking their XML, resolving relationships and reading the
 * document title from `docProps/core.xml`.
 */
import { unzipSync } from "fflate";
import { Parser } from "htmlparser2";

/** Declared uncompressed size above which one part is refused: real XML parts are far smaller, zip bombs are not. */
const MAX_PART_BYTES = 32 * 1024 * 1024;
/** Uncompressed bytes read from one file in all, well inside a Worker's 128 MB of memory. */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

export const CORE_PROPERTIES = "docProps/core.xml";

/** Thrown when a file is not the ZIP package it claims to be; the message says why. */
export class UnreadableFileError extends Error {}

/** The parts whose paths `wanted` accepts, decompressed; other parts are never inflated. */
export function unzipParts(bytes: Uint8Array, wanted: (path: string) => boolean): Map<string, Uint8Array> {
  let total = 0;
  const entries = unzipSync(bytes, {
    filter(file) {
      if (!wanted(file.name)) return false;
      if (file.originalSize > MAX_PART_BYTES) throw new UnreadableFileError(`${file.name} is too large to read`);
      total += file.originalSize;
      if (total > MAX_TOTAL_BYTES) throw new UnreadableFileError("its contents are too large to read");
      return true;
    },
  });
  return new Map(Object.entries(entries));
}

/** A part that must exist, as text. */
export function requirePart(parts: Map<string, Uint8Array>, path: string): string {
  const part = parts.get(path);
  if (!part) throw new UnreadableFileError(`it has no ${path}`);
  return decodeXml(part);
}

export function decodeXml(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes); // Office writes UTF-8; a BOM is dropped
}

export type Attributes = Record<string, string>;
export type XmlHandlers = {
  open?: (name: string, attributes: Attributes) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
};

/** One streaming pass over an XML part; element names keep their prefixes (`w:p`, `a:t`). */
export function walkXml(xml: string, handlers: XmlHandlers): void {
  const parser = new Parser(
    {
      onopentag: (name, attributes) => handlers.open?.(name, attributes),
      ontext: (text) => handlers.text?.(text),
      onclosetag: (name) => handlers.close?.(name),
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
}

/** Collects the text of every `textElement` (e.g. `a:t`) inside each `groupElement` (e.g. `si`), in order. */
export function textPerElement(
  xml: string,
  groupElement: string,
  textElement: string,
  skipInside: ReadonlySet<string> = new Set(),
): string[] {
  const groups: string[] = [];
  let current: string | null = null;
  let inText = 0;
  let skipped = 0;
  walkXml(xml, {
    open(name) {
      if (name === groupElement) current = "";
      if (skipInside.has(name)) skipped++;
      if (name === textElement) inText++;
    },
    text(text) {
      if (current !== null && inText > 0 && skipped === 0) current += text;
    },
    close(name) {
      if (name === textElement) inText--;
      if (skipInside.has(name)) skipped--;
      if (name === groupElement && current !== null) {
        groups.push(current);
        current = null;
      }
    },
  });
  return groups;
}

/** The package's `dc:title`, if it has one. */
export function coreTitle(parts: Map<string, Uint8Array>): string | null {
  const part = parts.get(CORE_PROPERTIES);
  if (!part) return null;
  const title = collapseSpaces(textPerElement(decodeXml(part), "dc:title", "dc:title").join(" "));
  return title || null;
}

/** Relationship id → part path, from a `.rels` part; `sourceDir` is the folder of the part the rels belong to. */
export function readRelationships(
  parts: Map<string, Uint8Array>,
  relsPath: string,
  sourceDir: string,
): Map<string, string> {
  const targets = new Map<string, string>();
  const part = parts.get(relsPath);
  if (!part) return targets;
  walkXml(decodeXml(part), {
    open(name, attributes) {
      if (name !== "Relationship" || !attributes.Id || !attributes.Target || attributes.TargetMode === "External")
        return;
      targets.set(attributes.Id, resolvePartPath(sourceDir, attributes.Target));
    },
  });
  return targets;
}

/** A relationship target as a path inside the package ("/xl/a.xml" is absolute; "../a.xml" is relative). */
export function resolvePartPath(sourceDir: string, target: string): string {
  const segments = target.startsWith("/") ? [] : sourceDir.split("/").filter(Boolean);
  for (const segment of target.split("/")) {
    if (segment === "..") segments.pop();
    else if (segment && segment !== ".") segments.push(segment);
  }
  return segments.join("/");
}

export const collapseSpaces = (text: string): string => text.replace(/\s+/g, " ").trim();

/** Text made safe for one Markdown table cell. */
export const tableCell = (text: string): string => collapseSpaces(text).replace(/\|/g, "\\|");

/** Rows as a Markdown table, the first row as its header (padded to the widest row; shorter rows are valid GFM). */
export function markdownTable(rows: string[][]): string {
  let width = 0;
  for (const row of rows) width = Math.max(width, row.length);
  if (width === 0) return "";
  const line = (row: string[]) => `| ${row.map(tableCell).join(" | ")} |`;
  const [header = [], ...body] = rows;
  return [
    line(Array.from({ length: width }, (_, i) => header[i] ?? "")),
    `|${" --- |".repeat(width)}`,
    ...body.map(line),
  ].join("\n");
}
