// Builds the admin API reference page's script and styles into dist/public/api-docs (the page
// itself is served by the Worker at /api/docs with its CSP). Prints sizes and fails over budget.
import { build } from "esbuild";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeSized } from "./lib/write-sized.mjs";

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
  const sizes = writeSized({
    outDir,
    label: "api-docs",
    files,
    budgeted: "reference.js",
    budget: API_DOCS_BUDGET,
    log,
  });
  return { outDir, sizes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildApiDocs().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
