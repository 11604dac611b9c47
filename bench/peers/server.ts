/**
 * Starts one peer or floor Worker (bench/peers/<name>.wrangler.jsonc) with the root's `wrangler dev`
 * on 127.0.0.1, a free port and its own --persist-to in a temporary folder, in its own process group
 * (so stopping it stops workerd too, and bench/workerd-cpu.ts can find its workerd). `vars` reach the
 * Worker as plain-text variables (`--var`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { freePort, wranglerEnv } from "../../scripts/lib/frontdesk-server.mjs";
import { PEERS_DIR } from "./install.ts";
import { benchScratch } from "../state-dir.ts";

export type PeerName = "agents-sdk" | "floor-do" | "floor-streamtext" | "floor-http";
/** `pid` is wrangler's, which leads the process group its workerd runs in (bench/scale/rss.ts reads it). */
export type RunningPeer = { url: string; port: number; pid: number; stop: () => Promise<void> };

const WRANGLER = join(PEERS_DIR, "../../node_modules/.bin/wrangler");
const READY_TIMEOUT_MS = 90_000; // the first bundle of the agents SDK takes a while on a busy machine
const READY_POLL_MS = 200;
const PORT_ATTEMPTS = 3; // another process may take the free port between the pick and wrangler's bind

export async function startPeer(name: PeerName, vars: Record<string, string> = {}): Promise<RunningPeer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(name, await freePort(), vars);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt === PORT_ATTEMPTS || !message.includes("Address already in use")) throw error;
    }
  }
}

async function startOnce(name: PeerName, port: number, vars: Record<string, string>): Promise<RunningPeer> {
  const state = benchScratch(`frontdesk-bench-${name}-`);
  const args = ["dev", "-c", `${name}.wrangler.jsonc`, "--ip", "127.0.0.1", "--port", String(port)];
  args.push(
    "--inspector-port",
    String(await freePort()),
    "--persist-to",
    state,
    "--show-interactive-dev-session=false",
    ...Object.entries(vars).flatMap(([key, value]) => ["--var", `${key}:${value}`]),
  );
  const child = spawn(WRANGLER, args, {
    cwd: PEERS_DIR,
    env: wranglerEnv({ X_LOCAL_OBSERVABILITY: "false" }), // measured as Frontdesk is: without wrangler dev's trace store
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = once(child, "exit");
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      stopGroup(child);
      await exited;
    }
    rmSync(state, { recursive: true, force: true });
  };
  process.once("exit", () => stopGroup(child));
  const url = `http://127.0.0.1:${port}`;
  try {
    await untilHealthy(url, child);
  } catch (error) {
    await stop();
    throw new Error(`${name}: ${error instanceof Error ? error.message : error}\n${output.slice(-3000)}`);
  }
  return { url, port, pid: child.pid!, stop };
}

function stopGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

async function untilHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error("wrangler dev exited before it was ready");
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  throw new Error(`wrangler dev did not answer on ${url} within ${READY_TIMEOUT_MS} ms`);
}
