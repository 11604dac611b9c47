/**
 * The Worker bundle as Cloudflare would receive it: `wrangler deploy --dry-run --outdir <tmp>` with
 * the committed wrangler.toml (offline, no account), then raw / gzip / brotli bytes of the modules
 * it wrote (source maps and wrangler's README are not uploaded as code), and wrangler's own
 * "Total Upload" figures beside them as a cross-check.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { wranglerEnv } from "../../scripts/lib/frontdesk-server.mjs";
import { ensureBuilt } from "./server.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DRY_RUN_TIMEOUT_MS = 120_000; // it takes under 10 s here
const KIB = 1024;

export type WorkerBundleFigures = {
  gzip: number;
  raw: number;
  brotli: number;
  /** The files counted. */
  files: string[];
  /** What wrangler printed ("Total Upload: … KiB / gzip: … KiB"), in bytes. */
  wrangler_raw: number;
  wrangler_gzip: number;
};

function dryRun(outdir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", outdir], {
      cwd: ROOT,
      env: wranglerEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), DRY_RUN_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`wrangler deploy --dry-run failed (${signal ?? code}):\n${output.slice(-3000)}`));
    });
  });
}

/** `worker_bundle` of the bench's JSON. */
export async function workerBundle(): Promise<WorkerBundleFigures> {
  await ensureBuilt(); // wrangler refuses a missing assets directory
  const outdir = mkdtempSync(join(tmpdir(), "frontdesk-bundle-"));
  try {
    const output = await dryRun(outdir);
    const files = readdirSync(outdir).filter(
      (name) => !name.endsWith(".map") && name !== "README.md" && statSync(join(outdir, name)).isFile(),
    );
    if (files.length === 0) throw new Error(`wrangler wrote no modules to ${outdir}`);
    let raw = 0;
    let gzip = 0;
    let brotli = 0;
    for (const name of files) {
      const bytes = readFileSync(join(outdir, name));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
      brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    }
    const total = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stripVTControlCharacters(output));
    return {
      gzip,
      raw,
      brotli,
      files,
      wrangler_raw: total ? Math.round(Number(total[1]) * KIB) : Number.NaN,
      wrangler_gzip: total ? Math.round(Number(total[2]) * KIB) : Number.NaN,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
