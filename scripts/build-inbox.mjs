// Builds the staff inbox into dist/public/inbox (served at /inbox/): inbox.js, inbox.css and
// index.html with a cache-busting version. Prints sizes and fails over the brotli budget.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sizesOf } from "./build-widget.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const INBOX_OUT_DIR = join(ROOT, "dist/public/inbox");
/** Staff load it once a day on a desk; the budget keeps it small anyway. */
export const INBOX_BUDGET = 25_600;
const VERSION_CHARS = 10;

const common = {
  bundle: true,
  minify: true,
  write: false,
  target: "es2020",
  legalComments: "none",
  logLevel: "silent",
  absWorkingDir: ROOT,
  tsconfig: join(ROOT, "inbox/tsconfig.json"),
};

/** @param {{ outDir?: string, log?: boolean }} [options] */
export async function buildInbox({ outDir = INBOX_OUT_DIR, log = true } = {}) {
  const [script, css] = await Promise.all([
    build({
      ...common,
      entryPoints: ["inbox/main.tsx"],
      format: "iife",
      outfile: join(outDir, "inbox.js"),
      jsx: "automatic",
      jsxImportSource: "preact",
    }),
    build({ ...common, entryPoints: ["inbox/inbox.css"], outfile: join(outDir, "inbox.css") }),
  ]);
  const js = script.outputFiles[0].contents;
  const styles = css.outputFiles[0].contents;
  const version = createHash("sha256").update(js).update(styles).digest("hex").slice(0, VERSION_CHARS);
  const files = {
    "inbox.js": js,
    "inbox.css": styles,
    "index.html": Buffer.from(readFileSync(join(ROOT, "inbox/index.html"), "utf8").replaceAll("__VERSION__", version)),
  };
  mkdirSync(outDir, { recursive: true });
  /** @type {Record<string, import("./build-widget.mjs").Sizes>} */
  const sizes = {};
  for (const [name, contents] of Object.entries(files)) {
    writeFileSync(join(outDir, name), contents);
    sizes[name] = sizesOf(contents);
  }
  if (log) {
    for (const [name, size] of Object.entries(sizes)) {
      const budget = name === "inbox.js" ? ` (budget ${INBOX_BUDGET})` : "";
      console.log(
        `inbox/${name.padEnd(10)} ${String(size.raw).padStart(7)} B raw ${String(size.gzip).padStart(6)} B gzip ${String(size.brotli).padStart(6)} B brotli${budget}`,
      );
    }
  }
  if (sizes["inbox.js"].brotli > INBOX_BUDGET)
    throw new Error(`Inbox over budget: ${sizes["inbox.js"].brotli} B brotli > ${INBOX_BUDGET} B`);
  return { outDir, sizes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildInbox().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
