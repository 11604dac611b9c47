/**
 * Frontdesk for node-side tests: `wrangler dev` on a free loopback port with its own state folder
 * and secrets (every required one, from scripts/lib/env-file.mjs), the widget and inbox built, and
 * the demo agent seeded — as `npm run dev` does.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildConsole } from "../../../scripts/build-console.mjs";
import { buildInbox } from "../../../scripts/build-inbox.mjs";
import { buildWidget } from "../../../scripts/build-widget.mjs";
import { localVars, writeEnvFile } from "../../../scripts/lib/env-file.mjs";
import { startFrontdesk } from "../../../scripts/lib/frontdesk-server.mjs";
import { seedDemo } from "../../../scripts/seed.mjs";

export type RunningFrontdesk = {
  url: string;
  adminToken: string;
  /** Everything wrangler dev has logged so far (e.g. where it wrote an email it sent). */
  output: () => string;
  stop: () => Promise<void>;
  /** SIGKILLs wrangler's process group (wrangler and workerd) mid-whatever, leaving its state on disk. */
  kill: () => Promise<void>;
  /** Starts wrangler dev again on the same port, state and secrets (after `kill`), without seeding. */
  restart: () => Promise<void>;
};

export async function startSeededFrontdesk(vars: Record<string, string> = {}): Promise<RunningFrontdesk> {
  await buildWidget({ log: false });
  await buildInbox({ log: false });
  await buildConsole({ log: false });
  const scratch = mkdtempSync(join(tmpdir(), "frontdesk-test-"));
  const adminToken = "node-test-admin-token";
  const envFile = join(scratch, "vars.env");
  writeEnvFile(envFile, localVars({ ADMIN_TOKEN: adminToken, ...vars }));
  const persistTo = join(scratch, "state");
  let server = await startFrontdesk({ port: "any", persistTo, envFile, quiet: true });
  try {
    await seedDemo({ url: server.url, token: adminToken });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: server.url,
    adminToken,
    output: () => server.output(),
    async stop() {
      await server.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
    async kill() {
      await server.kill();
      await untilRefused(server.url); // workerd, wrangler's child, may outlive it by a moment
    },
    async restart() {
      server = await startFrontdesk({ port: server.port, persistTo, envFile, quiet: true });
    },
  };
}

/** Resolves once nothing answers on `url` any more. */
async function untilRefused(url: string): Promise<void> {
  for (;;) {
    try {
      await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(1_000) });
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
