// Builds the widget into dist/public (served by wrangler as static assets): widget.js (the loader
// for host pages) and widget-bridge.js (its half that answers the panel, fetched on first open),
// panel.js + panel.css + panel.html (the iframe), preview.js + preview.css + preview.html (the
// admin's preview of a draft, its own bundle so the panel does not grow), and index.html (the demo
// host page). Prints raw/gzip/brotli sizes and fails when a bundle passes its brotli budget.
import { analyzeMetafile, build } from "esbuild";
import { minify } from "terser";
import { leanPartysocketPlugin } from "./lib/lean-partysocket.mjs";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DEFAULT_OUT_DIR = join(ROOT, "dist/public");

/**
 * Brotli budgets in bytes: the loader rides on every host page; its bridge and the panel load on
 * first open; the preview page is for admins.
 */
/** @type {Record<string, number>} */
export const BUDGETS = {
  "widget.js": 1_536,
  "widget-bridge.js": 1_024,
  "panel.js": 12_288,
  "preview.js": 12_288,
};
const BROTLI_QUALITY = 11; // the quality CDNs use for static assets
const GZIP_LEVEL = 9;
const VERSION_CHARS = 10; // a cache-busting hash prefix: panel.js/panel.css in panel.html, widget-bridge.js in widget.js
// Every browser with iframes, postMessage origin checks and WebSockets we care about; es2022 keeps
// class fields (partysocket's) native instead of a helper call per field (Chrome 72, Safari 14, Firefox 69).
const TARGET = "es2022";
/**
 * Properties private to a bundle, renamed short: partysocket's `_ws`, `_retryCount`… and Preact's
 * internal `__k`, `__e`… (Preact and its hooks agree on them within one bundle). Nothing we send,
 * receive or read from the DOM starts with "_".
 */
const PRIVATE_PROPS = /^_/;
/**
 * The panel's own state, props and callback names (never sent, received, stored or read from the DOM:
 * the names it reads from JSON, the bridge and the DOM are not here), renamed short too. A name added
 * here must not be a field of any response, socket frame or bridge message the panel reads.
 */
const PANEL_PRIVATE_PROPS = new RegExp(
  `${PRIVATE_PROPS.source}|^(chat|phase|config|link|items|outbox|pending|sent|failed|notice|item|done|vote|staffName|` +
    "staffId|imageHosts|typing|inputRef|embedded|saveToken|onOpen|onSend|onRate|onVote|onEvent|onDisconnect|onGone)$",
);
/** Underscore names that are public API: Preact reads `__html` of dangerouslySetInnerHTML and the JSX dev props. */
const PUBLIC_UNDERSCORE_PROPS = /^__(html|proto__|source|self)$/;

/**
 * @typedef {{ raw: number, gzip: number, brotli: number }} Sizes
 * @typedef {{
 *   outDir: string,
 *   sizes: Record<string, Sizes>,
 *   loaderMetafile: import("esbuild").Metafile,
 *   panelMetafile: import("esbuild").Metafile,
 *   previewMetafile: import("esbuild").Metafile,
 * }} WidgetBuild
 */

/**
 * Sizes of one file as served: raw, gzip and brotli bytes.
 * @param {Uint8Array} contents
 * @returns {Sizes}
 */
export function sizesOf(contents) {
  return {
    raw: contents.byteLength,
    gzip: gzipSync(contents, { level: GZIP_LEVEL }).byteLength,
    brotli: brotliCompressSync(contents, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } }).byteLength,
  };
}

const common = {
  bundle: true,
  minify: true,
  write: false,
  target: TARGET,
  legalComments: "none",
  logLevel: "silent",
  absWorkingDir: ROOT,
  tsconfig: join(ROOT, "widget/tsconfig.json"),
};

/**
 * @param {import("esbuild").BuildOptions} options
 * @returns {Promise<{ contents: Uint8Array, metafile: import("esbuild").Metafile }>}
 */
async function bundle(options) {
  const result = await build({ ...common, ...options, metafile: true });
  const [file] = result.outputFiles;
  return { contents: file.contents, metafile: result.metafile };
}

/**
 * A second minification pass over an esbuild bundle: terser drops what esbuild left unused, names
 * variables by frequency and writes comparisons one way (`"function"==typeof x`), which brotli then
 * finds as repeats (about 530 B brotli off the panel). Its default compress options are the safe
 * ones; two passes catch what the first one exposes, and `inline: 1` (inline only simple
 * functions) leaves a few more repeats for brotli (about 50 B smaller than full inlining).
 * @param {Uint8Array} contents
 * @returns {Promise<Uint8Array>}
 */
async function minifyHarder(contents) {
  const { code } = await minify(Buffer.from(contents).toString("utf8"), {
    compress: { passes: 2, inline: 1 },
    mangle: true,
  });
  if (!code) throw new Error("terser returned no code");
  return Buffer.from(code);
}

/**
 * Builds every widget file into `outDir` and returns, per file, its sizes (and for panel.js and
 * preview.js the esbuild metafiles, so tests can see which sources went in). Throws when a budget
 * is exceeded.
 * @param {{ outDir?: string, log?: boolean }} [options]
 * @returns {Promise<WidgetBuild>}
 */
export async function buildWidget({ outDir = DEFAULT_OUT_DIR, log = true } = {}) {
  const app = {
    format: /** @type {const} */ ("iife"),
    jsx: /** @type {const} */ ("automatic"),
    jsxImportSource: "preact",
    mangleProps: PRIVATE_PROPS,
    reserveProps: PUBLIC_UNDERSCORE_PROPS,
  };
  // The loader names the bridge by its content hash, so the bridge is built first.
  const bridge = await bundle({
    entryPoints: ["widget/loader-bridge.ts"],
    format: "iife",
    outfile: join(outDir, "widget-bridge.js"),
  });
  const bridgeVersion = createHash("sha256").update(bridge.contents).digest("hex").slice(0, VERSION_CHARS);
  const [loader, panel, css, preview, previewCss] = await Promise.all([
    bundle({
      entryPoints: ["widget/loader.ts"],
      format: "iife",
      define: { BRIDGE_VERSION: JSON.stringify(bridgeVersion) },
      outfile: join(outDir, "widget.js"),
    }),
    // The panel logs nothing of its own; partysocket's console messages are for Node, React Native and
    // sending on a closed socket (the panel checks readyState first), none of which happens here.
    bundle({
      ...app,
      drop: ["console"],
      mangleProps: PANEL_PRIVATE_PROPS,
      plugins: [leanPartysocketPlugin],
      entryPoints: ["widget/panel/main.tsx"],
      outfile: join(outDir, "panel.js"),
    }),
    bundle({ entryPoints: ["widget/panel/panel.css"], outfile: join(outDir, "panel.css") }),
    bundle({ ...app, entryPoints: ["widget/preview/main.tsx"], outfile: join(outDir, "preview.js") }),
    bundle({ entryPoints: ["widget/preview/preview.css"], outfile: join(outDir, "preview.css") }),
  ]);
  const panelJs = await minifyHarder(panel.contents);
  /** An HTML page with the cache-busting version of its script and styles filled in. */
  const page = (/** @type {string} */ path, /** @type {Uint8Array[]} */ assets) => {
    const hash = createHash("sha256");
    for (const asset of assets) hash.update(asset);
    return Buffer.from(
      readFileSync(join(ROOT, path), "utf8").replaceAll("__VERSION__", hash.digest("hex").slice(0, VERSION_CHARS)),
    );
  };
  const files = {
    "widget.js": loader.contents,
    "widget-bridge.js": bridge.contents,
    "panel.js": panelJs,
    "panel.css": css.contents,
    "panel.html": page("widget/panel/panel.html", [panelJs, css.contents]),
    "preview.js": preview.contents,
    "preview.css": previewCss.contents,
    "preview.html": page("widget/preview/preview.html", [preview.contents, previewCss.contents]),
    "index.html": readFileSync(join(ROOT, "widget/demo.html")),
  };
  mkdirSync(outDir, { recursive: true });
  /** @type {Record<string, Sizes>} */
  const report = {};
  for (const [name, contents] of Object.entries(files)) {
    writeFileSync(join(outDir, name), contents);
    report[name] = sizesOf(contents);
  }
  if (log) {
    for (const [name, size] of Object.entries(report)) {
      const budget = BUDGETS[name] ? ` (budget ${BUDGETS[name]})` : "";
      console.log(
        `${name.padEnd(16)} ${String(size.raw).padStart(7)} B raw ${String(size.gzip).padStart(6)} B ` +
          `gzip ${String(size.brotli).padStart(6)} B brotli${budget}`,
      );
    }
  }
  const over = Object.entries(BUDGETS).filter(([name, budget]) => report[name].brotli > budget);
  if (over.length > 0) {
    throw new Error(
      `Widget over budget: ${over.map(([name, budget]) => `${name} ${report[name].brotli} B brotli > ${budget} B`).join(", ")}`,
    );
  }
  return {
    outDir,
    sizes: report,
    loaderMetafile: loader.metafile,
    panelMetafile: panel.metafile,
    previewMetafile: preview.metafile,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `--analyze`: also print which sources make up the loader and the panel (minified bytes each, largest first).
  buildWidget()
    .then(async ({ loaderMetafile, panelMetafile }) => {
      if (!process.argv.includes("--analyze")) return;
      for (const metafile of [loaderMetafile, panelMetafile]) console.log(await analyzeMetafile(metafile));
    })
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
