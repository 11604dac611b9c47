// Writes built files into a folder and measures each (raw, gzip, brotli): what the page-app and
// API-reference builds share. Prints one line per file when asked, the budgeted file marked.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sizesOf } from "../build-widget.mjs";

/** A byte count right-aligned in `width` columns, with its unit. */
const bytes = (n, width) => `${String(n).padStart(width)} B`;

/**
 * @param {{ outDir: string, label: string, files: Record<string, Uint8Array>, budgeted: string, budget: number, log: boolean }} options
 * @returns {Record<string, import("../build-widget.mjs").Sizes>}
 */
export function writeSized({ outDir, label, files, budgeted, budget, log }) {
  mkdirSync(outDir, { recursive: true });
  /** @type {Record<string, import("../build-widget.mjs").Sizes>} */
  const sizes = {};
  for (const [file, contents] of Object.entries(files)) {
    writeFileSync(join(outDir, file), contents);
    sizes[file] = sizesOf(contents);
  }
  if (log) {
    for (const [file, size] of Object.entries(sizes)) {
      const note = file === budgeted ? ` (budget ${budget})` : "";
      console.log(
        `${label}/${file.padEnd(14)} ${bytes(size.raw, 7)} raw ${bytes(size.gzip, 6)} gzip ${bytes(size.brotli, 6)} brotli${note}`,
      );
    }
  }
  const over = sizes[budgeted];
  if (over && over.brotli > budget) throw new Error(`${label} over budget: ${over.brotli} B brotli > ${budget} B`);
  return sizes;
}
