// Starts Frontdesk the way users run it — `wrangler dev` on 127.0.0.1 with local D1 migrations
// applied — for `npm run dev`, the browser tests and the benchmarks. One way to start it, used by all.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");
const READY_TIMEOUT_MS = 60_000; // wrangler dev starts in about 4 s; a cold first run can take much longer
const READY_POLL_MS = 200;

/** Keeps wrangler's own config and caches inside the project instead of the user's home. */
export function wranglerEnv(extra = {}) {
  return {
    ...process.env,
    // Node 24 from node_modules first, also when this script was started by an older system Node.
    PATH: `${join(ROOT, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
    XDG_CONFIG_HOME: join(ROOT, ".wrangler/config"),
    WRANGLER_SEND_METRICS: "false",
    CI: process.env.CI ?? "",
    ...extra,
  };
}

export async function freePort() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

/**
 * Applies the D1 migrations to the local database under `persistTo` (idempotent).
 * @param {{ persistTo?: string, quiet?: boolean }} options
 */
export function applyMigrations({ persistTo, quiet = false }) {
  const args = ["d1", "migrations", "apply", "DB", "--local"];
  if (persistTo) args.push("--persist-to", persistTo);
  const result = spawnSync(WRANGLER, args, { cwd: ROOT, env: wranglerEnv(), encoding: "utf8", input: "" });
  if (result.status !== 0) throw new Error(`D1 migrations failed:\n${result.stdout}\n${result.stderr}`);
  if (!quiet) process.stderr.write(result.stdout);
}

async function waitUntilServing(url, child, signal) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = false;
  child.once("exit", () => (exited = true));
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new Error("start-up cancelled");
    if (exited) throw new Error("wrangler dev exited before it was ready");
    try {
      const response = await fetch(`${url}/v1/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  throw new Error(`wrangler dev did not answer on ${url} within ${READY_TIMEOUT_MS} ms`);
}

const PORT_ATTEMPTS = 3;

/**
 * Starts `wrangler dev` and resolves once it answers. `envFile` holds the secrets
 * (.dev.vars format); `persistTo` keeps this instance's D1 and Durable Objects apart. Aborting
 * `signal` (Ctrl+C while starting) stops wrangler's process group and rejects once it has exited.
 * `localObservability: false` turns off wrangler's local trace store (on by default in `wrangler dev`:
 * a collector in the same workerd that records every span of every request, each SQL statement
 * included) — a development tool that is no part of a deployment, for measurements of Frontdesk's own cost.
 * `port: "any"` picks a free port, and picks again when another process takes it (or the inspector's)
 * between the pick and wrangler's bind — tests and benchmarks run beside other servers.
 * @param {{ port?: number | "any", persistTo?: string, envFile?: string, quiet?: boolean, signal?: AbortSignal,
 *   localObservability?: boolean }} [options]
 * The result's `pid` is wrangler's, which leads the process group its workerd runs in (the benchmarks
 * read workerd's memory through it); `spawnedAt` is the `performance.now()` at which wrangler was
 * spawned (start-up time without the migrations, to within the 200 ms health poll).
 * @returns {Promise<{
 *   url: string, port: number, pid: number, spawnedAt: number,
 *   output: () => string, stop: () => Promise<void>, kill: () => Promise<void>,
 * }>}
 */
export async function startFrontdesk({ port = 8787, ...options } = {}) {
  applyMigrations(options);
  if (port !== "any") return startWrangler({ port, ...options });
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWrangler({ port: await freePort(), ...options });
    } catch (error) {
      if (attempt === PORT_ATTEMPTS || !String(error.message).includes("Address already in use")) throw error;
    }
  }
}

async function startWrangler({ port, persistTo, envFile, quiet = false, signal, localObservability = true }) {
  const args = [
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(await freePort()),
    "--show-interactive-dev-session=false",
  ];
  if (persistTo) args.push("--persist-to", persistTo);
  if (envFile) args.push("--env-file", envFile);
  if (signal?.aborted) throw new Error("start-up cancelled");
  // Its own process group, so stopping it also stops wrangler's children (workerd).
  const spawnedAt = performance.now();
  const child = spawn(WRANGLER, args, {
    cwd: ROOT,
    env: wranglerEnv(localObservability ? {} : { X_LOCAL_OBSERVABILITY: "false" }),
    detached: true,
    stdio: quiet ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
  });
  const stopGroup = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.once("exit", stopGroup);
  // Its own group does not get the terminal's Ctrl+C: whoever started us must be able to stop it while it starts.
  const exited = once(child, "exit");
  signal?.addEventListener("abort", stopGroup, { once: true });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(url, child, signal);
  } catch (error) {
    stopGroup();
    if (child.exitCode === null && child.signalCode === null) await exited;
    throw new Error(`${error.message}\n${output.slice(-4000)}`);
  } finally {
    signal?.removeEventListener("abort", stopGroup);
  }
  return {
    url,
    port,
    pid: child.pid,
    spawnedAt,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopGroup();
      await exited;
    },
    /** Kills wrangler and workerd at once (SIGKILL to the process group), as a crash or power cut would. */
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(-child.pid, "SIGKILL");
      await exited;
    },
  };
}
