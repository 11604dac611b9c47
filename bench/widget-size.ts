/** Prints the size of each widget bundle: raw, gzip and brotli (the figures the budgets are about). */
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const BUNDLES = ["widget.js", "panel.js"] as const;

export type BundleSize = { file: string; raw: number; gzip: number; brotli: number };

export function widgetSizes(dir: string): BundleSize[] {
  return BUNDLES.map((file) => {
    const bytes = readFileSync(`${dir}/${file}`);
    return {
      file,
      raw: bytes.byteLength,
      gzip: gzipSync(bytes, { level: 9 }).byteLength,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
    };
  });
}
