// Builds a same-origin page app (the staff inbox, the admin console) into dist/public/<name>: <name>.js,
// <name>.css and index.html with a cache-busting version. Prints sizes and fails over the brotli budget.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sizesOf } from "./build-widget.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const VERSION_CHARS = 10;

/**
 * @param {{ name: string, outDir: string, budget: number, log?: boolean }} app
 *   `name` is the source folder and the file names (`<name>/main.tsx`, `<name>/<name>.css`, `<name>/index.html`).
 */
export async function buildPageApp({ name, outDir, budget, log = true }) {
  const common = {
    bundle: true,
    minify: true,
    write: false,
    target: "es2020",
    legalComments: "none",
    logLevel: "silent",
    absWorkingDir: ROOT,
    tsconfig: join(ROOT, `${name}/tsconfig.json`),
  };
  const [script, css] = await Promise.all([
    build({
      ...common,
      entryPoints: [`${name}/main.tsx`],
      format: "iife",
      outfile: join(outDir, `${name}.js`),
      jsx: "automatic",
      jsxImportSource: "preact",
    }),
    build({ ...common, entryPoints: [`${name}/${name}.css`], outfile: join(outDir, `${name}.css`) }),
  ]);
  const js = script.outputFiles[0].contents;
  const styles = css.outputFiles[0].contents;
  const version = createHash("sha256").update(js).update(styles).digest("hex").slice(0, VERSION_CHARS);
  const html = readFileSync(join(ROOT, `${name}/index.html`), "utf8").replaceAll("__VERSION__", version);
  const files = { [`${name}.js`]: js, [`${name}.css`]: styles, "index.html": Buffer.from(html) };
  mkdirSync(outDir, { recursive: true });
  /** @type {Record<string, import("./build-widget.mjs").Sizes>} */
  const sizes = {};
  for (const [file, contents] of Object.entries(files)) {
    writeFileSync(join(outDir, file), contents);
    sizes[file] = sizesOf(contents);
  }
  if (log) {
    for (const [file, size] of Object.entries(sizes)) {
      const note = file === `${name}.js` ? ` (budget ${budget})` : "";
      console.log(
        `${name}/${file.padEnd(12)} ${String(size.raw).padStart(7)} B raw ${String(size.gzip).padStart(6)} B gzip ${String(size.brotli).padStart(6)} B brotli${note}`,
      );
    }
  }
  const firstLoad = Object.values(sizes).reduce((sum, size) => sum + size.brotli, 0);
  if (sizes[`${name}.js`].brotli > budget)
    throw new Error(`${name} over budget: ${sizes[`${name}.js`].brotli} B brotli > ${budget} B`);
  return { outDir, sizes, firstLoad };
}
