/**
 * Installs the peers and floors (bench/peers/package.json: other chat widgets, the `agents` SDK, `ai`,
 * `@ai-sdk/openai`) on first use, from the package registry into bench/peers/node_modules — never into the
 * root's dependencies, whose install their peer ranges would bloat and break. Install scripts are not run:
 * the bench only reads the widgets' published files and bundles the Workers with wrangler.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PEERS_DIR = fileURLToPath(new URL(".", import.meta.url));

/** Every package the bench reads from bench/peers/node_modules; one missing means install again. */
const MARKERS = [
  "@cloudflare/ai-chat",
  "agents",
  "ai",
  "@ai-sdk/openai",
  "@typebot.io/js",
  "flowise-embed",
  "@n8n/chat",
];

export function peersInstalled(): boolean {
  return MARKERS.every((name) => existsSync(join(PEERS_DIR, "node_modules", name, "package.json")));
}

/** Installs bench/peers from its lockfile when anything is missing (about 2 minutes, 600 MB, once). */
export function ensurePeersInstalled(log: (line: string) => void = console.error): void {
  if (peersInstalled()) return;
  log("Installing the benchmark's peers into bench/peers/node_modules (first run only)…");
  // `npm install`, not `npm ci`: the registry lacks other platforms' optional binaries, so `npm ci` calls the lockfile out of sync.
  const result = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix", PEERS_DIR], {
    cwd: PEERS_DIR,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error(`npm install in ${PEERS_DIR} failed (exit ${result.status})`);
  if (!peersInstalled()) throw new Error(`npm install in ${PEERS_DIR} left packages missing`);
}
