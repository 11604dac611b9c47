/**
 * The generated deploy config is one real wrangler accepts: `npm run deploy` (with the fake wrangler) writes it, then
 * the real wrangler bundles the Worker with it — `wrangler deploy --dry-run --outdir`, offline and without a login —
 * checking every binding, and reports the bundle size, which this test prints. Needs `npm run build`'s dist/public
 * (npm test builds before the node tests).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { ROOT, sandbox } from "./deploy-harness";

const BUNDLE_TIMEOUT_MS = 180_000; // esbuild over the whole Worker: 20–40 s on a quiet machine, more on a busy one
const WORKER_SIZE_LIMIT_KIB = 3 * 1024; // Workers Free's compressed Worker size limit in Cloudflare's limits table (Paid allows more)

const box = sandbox();
const outDir = mkdtempSync(join(tmpdir(), "frontdesk-bundle-"));
afterAll(() => {
  rmSync(box.dir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

it(
  "bundles the Worker with the generated config (wrangler deploy --dry-run) and reports its size",
  async () => {
    expect(existsSync(join(ROOT, "dist/public/widget.js")), "run `npm run build` first").toBe(true);
    const run = await box.deploy();
    expect(run.code, run.output).toBe(0);

    const { stdout, stderr } = await promisify(execFile)(
      join(ROOT, "node_modules/.bin/wrangler"),
      ["deploy", "--dry-run", "--outdir", outDir, "-c", box.configOut],
      {
        cwd: ROOT,
        timeout: BUNDLE_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          NO_COLOR: "1",
          XDG_CONFIG_HOME: join(box.dir, "config"),
          WRANGLER_SEND_METRICS: "false",
        },
      },
    );
    const output = `${stdout}\n${stderr}`;
    const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
    expect(size, output).not.toBeNull();
    const [raw, gzip] = [Number(size?.[1]), Number(size?.[2])];
    console.log(`Worker bundle with the generated deploy config: ${raw} KiB, gzip ${gzip} KiB`);
    expect(gzip).toBeGreaterThan(0);
    expect(gzip).toBeLessThan(raw);
    expect(gzip).toBeLessThan(WORKER_SIZE_LIMIT_KIB);
    // wrangler's binding table names what the generated config binds.
    for (const binding of [
      "CONVERSATIONS",
      "KNOWLEDGE_INDEX",
      "DB",
      "FILES",
      "INGEST_QUEUE",
      "CHANNEL_OUTBOX",
      "ASSETS",
    ])
      expect(output).toContain(binding);
    expect(output).not.toContain("VECTORIZE"); // the embedded backend binds no index
    expect(output).toContain("--dry-run: exiting now.");
    expect(readdirSync(outDir).some((name) => name.endsWith(".js"))).toBe(true);
  },
  BUNDLE_TIMEOUT_MS,
);
