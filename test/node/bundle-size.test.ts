/**
 * Builds the widget and holds its bundles (loader, panel, preview page) to their brotli budgets
 * (deterministic byte counts, not timings), and checks that no HTML-injection API made it into
 * the code we ship.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConsole } from "../../scripts/build-console.mjs";
import { buildInbox } from "../../scripts/build-inbox.mjs";
import { buildWidget, sizesOf } from "../../scripts/build-widget.mjs";

const LOADER_BUDGET_BYTES = 1_536; // brotli, quality 11: the loader rides on every page of the host site
const LOADER_BRIDGE_BUDGET_BYTES = 1_024; // brotli, quality 11: the loader's second half, fetched on first open only
// brotli, quality 11: loaded once, on first open, all of it (no lazily loaded part): issue 18's 12 KB. Reached with
// esbuild + terser, partysocket without what the panel never reaches (scripts/lib/lean-partysocket.mjs) and a lean
// frame reader (widget/panel/server-event.ts).
const PANEL_BUDGET_BYTES = 12_288;
const PREVIEW_BUDGET_BYTES = 12_288; // brotli, quality 11: the admin's preview page, its own bundle so the panel does not carry it
const HTML_SINKS =
  /innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|\beval\(|new Function\(/;
// Preact's own diff handles the dangerouslySetInnerHTML prop (it is in preact.mjs); our code never passes it.
const PREACT_CORE = /node_modules\/preact\/dist\//;
const BUILD_TIMEOUT_MS = 60_000; // esbuild takes well under a second; this only guards a hung process

let outDir = "";
let built: Awaited<ReturnType<typeof buildWidget>>;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "frontdesk-widget-"));
  built = await buildWidget({ outDir, log: false });
}, BUILD_TIMEOUT_MS);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const read = (name: string): Buffer => readFileSync(join(outDir, name));

describe("widget bundles", () => {
  it("writes the loader, the panel page and its assets, and the demo page", () => {
    for (const name of [
      "widget.js",
      "widget-bridge.js",
      "panel.js",
      "panel.css",
      "panel.html",
      "preview.js",
      "preview.css",
      "preview.html",
      "index.html",
    ])
      expect(read(name).byteLength).toBeGreaterThan(0);
    const panelHtml = read("panel.html").toString();
    expect(panelHtml).toMatch(/<script src="\/panel\.js\?v=[0-9a-f]+" defer><\/script>/);
    expect(panelHtml).not.toContain("__VERSION__");
    const previewHtml = read("preview.html").toString();
    expect(previewHtml).toMatch(/<script src="\/preview\.js\?v=[0-9a-f]+" defer><\/script>/);
    expect(previewHtml).toContain("Content-Security-Policy");
    expect(previewHtml).not.toContain("__VERSION__");
    expect(read("index.html").toString()).toMatch(/<script src="[^"]*\/widget\.js" data-agent="demo" async><\/script>/);
  });

  it("keeps the loader within its brotli budget", () => {
    const size = sizesOf(read("widget.js"));
    expect(size).toEqual(built.sizes["widget.js"]);
    expect(size.brotli).toBeLessThanOrEqual(LOADER_BUDGET_BYTES);
  });

  it("keeps the loader's bridge within its own budget, loaded by its content hash and only on first open", () => {
    const bridge = read("widget-bridge.js");
    expect(sizesOf(bridge).brotli).toBeLessThanOrEqual(LOADER_BRIDGE_BUDGET_BYTES);
    const loader = read("widget.js").toString();
    const version = createHash("sha256").update(bridge).digest("hex").slice(0, 10);
    expect(loader).toContain(`/widget-bridge.js?v=${version}`);
    // What only an open chat needs stays out of the loader: the identity and token logic are the bridge's.
    for (const word of ["identityJwt", "issuedAt", "atob"]) {
      expect(loader).not.toContain(word);
      expect(bridge.toString()).toContain(word);
    }
  });

  it("keeps the panel within its brotli budget", () => {
    const size = sizesOf(read("panel.js"));
    expect(size.brotli).toBeLessThanOrEqual(PANEL_BUDGET_BYTES);
  });

  it("keeps zod and Preact's hooks runtime out of the panel (the protocol has its own small parser; components are classes)", () => {
    const inputs = Object.keys(built.panelMetafile.inputs);
    expect(inputs.some((path) => path.includes("node_modules/preact/"))).toBe(true);
    expect(inputs.filter((path) => /node_modules\/(zod|preact\/hooks)\//.test(path))).toEqual([]);
  });

  it("keeps the preview page within its own budget, and none of it in the panel", () => {
    expect(sizesOf(read("preview.js")).brotli).toBeLessThanOrEqual(PREVIEW_BUDGET_BYTES);
    expect(Object.keys(built.previewMetafile.inputs).some((path) => path.startsWith("widget/preview/"))).toBe(true);
    expect(Object.keys(built.panelMetafile.inputs).filter((path) => path.startsWith("widget/preview/"))).toEqual([]);
  });

  it("ships no HTML-injection sink in the loader or its bridge", () => {
    expect(read("widget.js").toString()).not.toMatch(HTML_SINKS);
    expect(read("widget-bridge.js").toString()).not.toMatch(HTML_SINKS);
  });

  it("ships no HTML-injection sink in any panel or preview source except Preact's own diff", () => {
    const inputs = [...Object.keys(built.panelMetafile.inputs), ...Object.keys(built.previewMetafile.inputs)];
    expect(inputs.some((path) => path.startsWith("widget/panel/"))).toBe(true);
    const offenders = inputs.filter((path) => !PREACT_CORE.test(path) && HTML_SINKS.test(readFileSync(path, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("never passes dangerouslySetInnerHTML beyond Preact's own handling of it", () => {
    const preact = readFileSync("node_modules/preact/dist/preact.mjs", "utf8");
    const count = (text: string, word: string): number => text.split(word).length - 1;
    for (const name of ["panel.js", "preview.js"]) {
      const bundle = read(name).toString();
      for (const word of ["dangerouslySetInnerHTML", "innerHTML"])
        expect(count(bundle, word), name).toBeLessThanOrEqual(count(preact, word));
    }
  });
});

describe("inbox bundle", () => {
  const INBOX_BUDGET_BYTES = 25_600; // brotli: staff load it once per session
  let inboxDir = "";
  afterAll(() => rmSync(inboxDir, { recursive: true, force: true }));

  it(
    "builds the inbox page within its budget, with no HTML-injection API of ours",
    async () => {
      inboxDir = mkdtempSync(join(tmpdir(), "frontdesk-inbox-"));
      const { sizes } = await buildInbox({ outDir: inboxDir, log: false });
      expect(sizes["inbox.js"]?.brotli).toBeLessThanOrEqual(INBOX_BUDGET_BYTES);
      const html = readFileSync(join(inboxDir, "index.html"), "utf8");
      expect(html).toMatch(/<script src="\/inbox\/inbox\.js\?v=[0-9a-f]+" defer><\/script>/);
      expect(html).toContain("Content-Security-Policy");
      // Preact's own diff contains innerHTML (see above), so our inbox sources are checked instead of the bundle.
      const sources = readdirSync(new URL("../../inbox/", import.meta.url)).filter(
        (name) => /\.tsx?$/.test(name) && !name.endsWith(".test.ts"),
      );
      expect(sources.length).toBeGreaterThan(3);
      for (const name of sources)
        expect(readFileSync(new URL(`../../inbox/${name}`, import.meta.url), "utf8"), name).not.toMatch(HTML_SINKS);
    },
    BUILD_TIMEOUT_MS,
  );
});

describe("console bundle", () => {
  const CONSOLE_FIRST_LOAD_BYTES = 61_440; // brotli, DECISIONS.md: the console's first load is at most 60 KB
  let consoleDir = "";
  afterAll(() => rmSync(consoleDir, { recursive: true, force: true }));

  it(
    "builds the console within its first-load budget, with no HTML-injection API of ours",
    async () => {
      consoleDir = mkdtempSync(join(tmpdir(), "frontdesk-console-"));
      const { sizes, firstLoad } = await buildConsole({ outDir: consoleDir, log: false });
      expect(firstLoad).toBe(
        (sizes["console.js"]?.brotli ?? 0) + (sizes["console.css"]?.brotli ?? 0) + (sizes["index.html"]?.brotli ?? 0),
      );
      expect(firstLoad).toBeLessThanOrEqual(CONSOLE_FIRST_LOAD_BYTES);
      const html = readFileSync(join(consoleDir, "index.html"), "utf8");
      expect(html).toMatch(/<script src="\/console\/console\.js\?v=[0-9a-f]+" defer><\/script>/);
      expect(html).toContain("Content-Security-Policy");
      const root = new URL("../../console/", import.meta.url);
      const sources = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((name) => /\.tsx?$/.test(name));
      expect(sources.length).toBeGreaterThan(5);
      for (const name of sources) expect(readFileSync(new URL(name, root), "utf8"), name).not.toMatch(HTML_SINKS);
    },
    BUILD_TIMEOUT_MS,
  );
});
