/**
 * Widget weight: what Frontdesk puts on a customer's page (the loader, widget.js), what the chat panel
 * loads on first open (panel.js), the admin's preview and the console — raw, gzip and brotli (quality 11)
 * — beside the published script-tag builds of other chat widgets installed in bench/peers. A peer's
 * weight is its script-tag entry file, every file that file imports statically (dynamic imports load
 * later and are left out) and the stylesheet its README asks the host page to add; each file is
 * compressed on its own, as a CDN serves it. Ratios are peer / ours, ours being what a visitor
 * downloads to open the chat (widget.js, panel.html, panel.js, panel.css).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildConsole } from "../scripts/build-console.mjs";
import { buildWidget, sizesOf } from "../scripts/build-widget.mjs";
import { PEERS_DIR } from "./peers/install.ts";
import type { Sizes, WidgetPeer, WidgetReport } from "./report-schema.ts";

/** Where each peer's README points a host page (checked in its installed README). */
const PEER_WIDGETS: Record<string, { package: string; entry: string; styles?: string }> = {
  typebot: { package: "@typebot.io/js", entry: "dist/web.js" },
  flowise: { package: "flowise-embed", entry: "dist/web.js" },
  n8n: { package: "@n8n/chat", entry: "dist/chat.bundle.es.js", styles: "dist/style.css" },
};

/** The files a visitor downloads to open Frontdesk's chat. */
const FIRST_OPEN = ["widget.js", "panel.html", "panel.js", "panel.css"];

const sum = (all: Sizes[]): Sizes =>
  all.reduce((total, s) => ({ raw: total.raw + s.raw, gzip: total.gzip + s.gzip, brotli: total.brotli + s.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });

/** Relative specifiers of static `import … from "./x"` / `export … from "./x"` / `import "./x"` (minified ES output). */
function staticImports(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(
    /(?:^|[;\s}])(?:import|export)\s*(?:[\w*${},\s]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g,
  ))
    found.add(match[1]!);
  return [...found];
}

/** The entry file and everything it imports statically (relative ES imports and re-exports), as paths. */
export function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const specifier of staticImports(readFileSync(path, "utf8"))) visit(join(dirname(path), specifier));
  };
  visit(entry);
  return [...seen];
}

function peerWeight(name: string, ours: Sizes): WidgetPeer {
  const spec = PEER_WIDGETS[name]!;
  const root = join(PEERS_DIR, "node_modules", spec.package);
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  const files = importClosure(join(root, spec.entry));
  if (spec.styles) files.push(join(root, spec.styles));
  const sizes = sum(files.map((file) => sizesOf(readFileSync(file))));
  return {
    package: `${spec.package}@${version}`,
    files: files.map((file) => file.slice(root.length + 1)),
    ...sizes,
    ratio_brotli: sizes.brotli / ours.brotli,
    ratio_gzip: sizes.gzip / ours.gzip,
  };
}

/** Builds the widget and the console, and weighs them and the installed peers. */
export async function widgetWeight(): Promise<WidgetReport> {
  const widget = await buildWidget({ log: false });
  const consoleBuild = await buildConsole({ log: false });
  const size = (name: string): Sizes => {
    const found = widget.sizes[name];
    if (!found) throw new Error(`the widget build wrote no ${name}`);
    return found;
  };
  const firstOpen = sum(FIRST_OPEN.map(size));
  const consoleScript = consoleBuild.sizes["console.js"];
  if (!consoleScript) throw new Error("the console build wrote no console.js");
  return {
    widget: { loader: size("widget.js"), panel: size("panel.js"), preview: size("preview.js"), console: consoleScript },
    widget_first_open: { files: FIRST_OPEN, ...firstOpen },
    widget_peers: Object.fromEntries(Object.keys(PEER_WIDGETS).map((name) => [name, peerWeight(name, firstOpen)])),
  };
}
