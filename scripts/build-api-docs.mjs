// Builds the admin API reference page's script and styles into dist/public/api-docs (the page
// itself is served by the Worker at /api/docs with its CSP). Prints sizes and fails over budget.
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sizesOf } from "./build-widget.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Where worker/http/api-docs-page.ts links them from (`/api-docs/…`). */
export const API_DOCS_OUT_DIR = join(ROOT, "dist/public/api-docs");
/** A page of DOM calls: anything near this means a dependency crept in. */
export const API_DOCS_BUDGET = 4_096;

const common = {
  bundle: true,
  minify: true,
  write: false,
  target: "es2020",
  legalComments: "none",
  logLevel: "silent",
  absWorkingDir: ROOT,
  tsconfig: join(ROOT, "api-docs/tsconfig.json"),
};

/** @param {{ outDir?: string, log?: boolean }} [options] */
export async function buildApiDocs({ outDir = API_DOCS_OUT_DIR, log = true } = {}) {
  const [script, css] = await Promise.all([
    build({ ...common, entryPoints: ["api-docs/reference.ts"], format: "iife", outfile: "reference.js" }),
    build({ ...common, entryPoints: ["api-docs/reference.css"], outfile: "reference.css" }),
  ]);
  const files = { "reference.js": script.outputFiles[0].contents, "reference.css": css.outputFiles[0].contents };
  mkdirSync(outDir, { recursive: true });
  /** @type {Record<string, import("./build-widget.mjs").Sizes>} */
  const sizes = {};
  for (const [name, contents] of Object.entries(files)) {
    writeFileSync(join(outDir, name), contents);
    sizes[name] = sizesOf(contents);
  }
  if (log) {
    for (const [name, size] of Object.entries(sizes)) {
      const budget = name === "reference.js" ? ` (budget ${API_DOCS_BUDGET})` : "";
      console.log(
        `api-docs/${name.padEnd(14)} ${String(size.raw).padStart(7)} B raw ${String(size.gzip).padStart(6)} B gzip ${String(size.brotli).padStart(6)} B brotli${budget}`,
      );
    }
  }
  if (sizes["reference.js"].brotli > API_DOCS_BUDGET)
    throw new Error(`API reference over budget: ${sizes["reference.js"].brotli} B brotli > ${API_DOCS_BUDGET} B`);
  return { outDir, sizes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildApiDocs().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
