/**
 * `startFrontdesk({ localObservability: false })` (scripts/lib/frontdesk-server.mjs) starts `wrangler dev`
 * without its local trace store, which the scale benchmarks need (it records every span of every request
 * in the workerd they measure); by default the trace store is there, as in a plain `wrangler dev`.
 * Miniflare makes the store's folder under --persist-to when it sets the store up.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localVars, writeEnvFile } from "../../scripts/lib/env-file.mjs";
import { startFrontdesk } from "../../scripts/lib/frontdesk-server.mjs";

const scratch = mkdtempSync(join(tmpdir(), "local-observability-"));
const envFile = join(scratch, "vars.env");
writeEnvFile(envFile, localVars({ ADMIN_TOKEN: "local-observability-admin-token" }));
const START_TIMEOUT_MS = 180_000; // one `wrangler dev` start with its D1 migrations, on a busy machine
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Whether a `wrangler dev` started with `options` set up the trace store in its state folder. */
async function traceStoreSetUp(name: string, options: { localObservability?: boolean }): Promise<boolean> {
  const persistTo = join(scratch, name);
  const server = await startFrontdesk({ port: "any", persistTo, envFile, quiet: true, ...options });
  try {
    const health = await fetch(`${server.url}/v1/health`);
    expect(health.ok).toBe(true);
    return existsSync(join(persistTo, "v3", "observability"));
  } finally {
    await server.stop();
  }
}

describe("wrangler's local trace store", () => {
  it("is off when asked", { timeout: START_TIMEOUT_MS }, async () => {
    expect(await traceStoreSetUp("off", { localObservability: false })).toBe(false);
  });

  it("is on by default", { timeout: START_TIMEOUT_MS }, async () => {
    expect(await traceStoreSetUp("default", {})).toBe(true);
  });
});
