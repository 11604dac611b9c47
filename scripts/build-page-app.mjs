// Builds a same-origin page app (the staff inbox, the admin console) into dist/public/<name>: <name>.js,
// <name>.css and index.html with a cache-busting version. Prints sizes and fails over the brotli budget.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSized } from "./lib/write-sized.mjs";

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
  const sizes = writeSized({ outDir, label: name, files, budgeted: `${name}.js`, budget, log });
  const firstLoad = Object.values(sizes).reduce((sum, size) => sum + size.brotli, 0);
  return { outDir, sizes, firstLoad };
}
