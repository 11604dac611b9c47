/**
 * A fresh Frontdesk for one scale measurement: `wrangler dev` on a free loopback port with the
 * offline model and without wrangler's local trace store, its own state folder and secrets in a temp dir, the demo agent seeded and raised
 * for load (bench/load/agent-settings.ts). `stop()` stops wrangler's process group and removes
 * the temp dir; `restart()` starts it again on the same state (everything cold).
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { buildWidget } from "../../scripts/build-widget.mjs";
import { localVars, writeEnvFile } from "../../scripts/lib/env-file.mjs";
import { startFrontdesk } from "../../scripts/lib/frontdesk-server.mjs";
import { seedDemo } from "../../scripts/seed.mjs";
import { prepareAgentForLoad } from "../load/agent-settings.ts";
import { benchScratch } from "../state-dir.ts";

const ADMIN_TOKEN = "bench-scale-admin-token";

export type ScaleServer = {
  url: string;
  adminToken: string;
  /** What wrangler printed so far (the per-turn traces, when the server was started with them). */
  output: () => string;
  /** The --persist-to folder: D1, Durable Object SQLite files. */
  persistTo: string;
  /** wrangler's pid, which leads the process group its workerd runs in. */
  pid: () => number;
  /** Spawn of `wrangler dev` → first answer of /v1/health, of the latest start (to within its 200 ms poll). */
  readyMs: () => number;
  /** Stops wrangler and starts it again on the same state and secrets (a free port: `url` follows): everything cold. */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
};

let built: Promise<unknown> | undefined;

/** `wrangler dev` serves the built widget as static assets: built once per process. */
export function ensureBuilt(): Promise<unknown> {
  built ??= buildWidget({ log: false });
  return built;
}

/** How a scale server runs: `traceTurns` prints each turn's trace (worker/lib/turn-trace.ts) to its output. */
export type ScaleServerOptions = { traceTurns?: boolean };

/** Starts a fresh, seeded Frontdesk, ready for load; removes everything it made when it fails. */
export async function startScaleServer(options: ScaleServerOptions = {}): Promise<ScaleServer> {
  await ensureBuilt();
  const scratch = benchScratch("frontdesk-scale-");
  const envFile = join(scratch, "vars.env");
  const persistTo = join(scratch, "state");
  writeEnvFile(envFile, localVars({ ADMIN_TOKEN, ...(options.traceTurns ? { TRACE_TURNS: "true" } : {}) }));
  let server: Awaited<ReturnType<typeof startFrontdesk>>;
  let readyAt: number;
  const start = async (port: number | "any") => {
    // wrangler's local trace store records every span of every request in the measured workerd: off (frontdesk-server.mjs).
    server = await startFrontdesk({ port, persistTo, envFile, quiet: true, localObservability: false });
    readyAt = performance.now();
  };
  try {
    await start("any");
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  const stop = async () => {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await seedDemo({ url: server!.url, token: ADMIN_TOKEN });
    await prepareAgentForLoad(server!.url, ADMIN_TOKEN);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    get url() {
      return server.url;
    },
    adminToken: ADMIN_TOKEN,
    output: () => server.output(),
    persistTo,
    pid: () => server.pid,
    readyMs: () => readyAt - server.spawnedAt,
    async restart() {
      await server.stop();
      await start("any");
    },
    stop,
  };
}

/** Runs `measure` against a fresh server, always stopping it (and removing its state) afterwards. */
export async function withScaleServer<T>(
  measure: (server: ScaleServer) => Promise<T>,
  options: ScaleServerOptions = {},
): Promise<T> {
  const server = await startScaleServer(options);
  try {
    return await measure(server);
  } finally {
    await server.stop();
  }
}

/** Rejects with a clear message when `work` takes longer than `ms` (a measurement is bounded). */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
