// Runs wrangler for the backup and restore scripts: the command comes from WRANGLER (as for the deploy
// script: npm puts node_modules/.bin first on PATH, so a test's fake must be named explicitly), and the
// target is either the local state (`--local`, optionally another `--persist-to` folder) or Cloudflare.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { wranglerEnv } from "../lib/frontdesk-server.mjs";

export const ROOT = new URL("../..", import.meta.url).pathname;
const DEFAULT_WRANGLER = join(ROOT, "node_modules/.bin/wrangler");
export const D1_BINDING = "DB";
export const R2_BUCKET = "frontdesk-files"; // wrangler.toml's bucket_name of the FILES binding

/** The wrangler command: WRANGLER's words (e.g. `node fake-wrangler.mjs`), or the project's own. */
function wranglerCommand() {
  const words = (process.env.WRANGLER ?? "").trim().split(/\s+/).filter(Boolean);
  return words.length > 0 ? words : [DEFAULT_WRANGLER];
}

/**
 * Where the commands act: `{ remote: true, config? }` for Cloudflare, or `{ remote: false, persistTo? }` for the
 * state `wrangler dev` keeps (`.wrangler/state` unless it was started with `--persist-to`).
 * @typedef {{ remote: boolean, persistTo?: string, config?: string }} Target
 */

/** Runs wrangler with `args`; throws with its output when it fails. Returns its stdout. */
export function wrangler(args, { input = "" } = {}) {
  const [command, ...prefix] = wranglerCommand();
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: ROOT,
    env: wranglerEnv(),
    encoding: "utf8",
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`cannot run wrangler (${command}): ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`wrangler ${args.slice(0, 3).join(" ")} failed:\n${result.stdout}\n${result.stderr}`.trim());
  return result.stdout;
}

/** The flags that pick the target for commands that take `--persist-to` (d1 execute, migrations, r2 object). */
export function targetFlags(target) {
  if (target.remote) return ["--remote", ...(target.config ? ["-c", target.config] : [])];
  return ["--local", ...(target.persistTo ? ["--persist-to", resolve(target.persistTo)] : [])];
}

/**
 * `wrangler d1 export` has no `--persist-to`: it reads `.wrangler/state` beside its config file. For another
 * state folder, a throwaway config sits beside a `.wrangler/state` link to it.
 */
export function exportD1(target, output, extra = []) {
  if (target.remote || !target.persistTo)
    return wrangler([
      "d1",
      "export",
      D1_BINDING,
      ...targetFlags({ ...target, persistTo: undefined }),
      "--output",
      output,
      ...extra,
    ]);
  const scratch = mkdtempSync(join(tmpdir(), "frontdesk-export-"));
  try {
    mkdirSync(join(scratch, ".wrangler"));
    symlinkSync(resolve(target.persistTo), join(scratch, ".wrangler/state"));
    // Only the D1 block matters to the export; the rest of the copied config is read but not built.
    copyFileSync(join(ROOT, "wrangler.toml"), join(scratch, "wrangler.toml"));
    return wrangler([
      "d1",
      "export",
      D1_BINDING,
      "--local",
      "-c",
      join(scratch, "wrangler.toml"),
      "--output",
      resolve(output),
      ...extra,
    ]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The rows of each statement of `sql` (statements separated by `;`), through one `wrangler d1 execute --json`. */
export function queryD1(target, sql) {
  const out = wrangler(["d1", "execute", D1_BINDING, ...targetFlags(target), "--json", "--yes", "--command", sql]);
  const parsed = JSON.parse(out.slice(out.indexOf("[")));
  return parsed.map((statement) => statement.results ?? []);
}
