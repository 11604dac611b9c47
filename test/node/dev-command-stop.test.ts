/**
 * Ctrl+C (here SIGTERM to the command's process group, as a terminal sends it) while `npm run dev` is still
 * starting stops wrangler too: wrangler runs in its own process group, and a wrangler left behind keeps the
 * port, so the next run would talk to the old server. Run on a free port (PORT), like dev-command.test.ts.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/frontdesk-server.mjs";

const ROOT = new URL("../..", import.meta.url).pathname;
const STARTED_LIMIT_MS = 120_000; // builds and migrations come first; the wait ends as soon as wrangler is spawned
const STOPPED_LIMIT_MS = 30_000; // wrangler and workerd stop in a few seconds; a guard, not a sleep
const POLL_MS = 100;

type Process = { pid: number; pgid: number; args: string };

function processes(): Process[] {
  return execFileSync("ps", ["-eo", "pid=,pgid=,args="], { encoding: "utf8" })
    .split("\n")
    .flatMap((line) => {
      const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
      return match ? [{ pid: Number(match[1]), pgid: Number(match[2]), args: match[3] ?? "" }] : [];
    });
}

/** Polls `check` until it returns a truthy value; fails with `what` after `limitMs`. */
async function waitFor<T>(what: string, limitMs: number, check: () => T | Promise<T>): Promise<NonNullable<T>> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  server.listen(port, "127.0.0.1");
  const result = await Promise.race([
    once(server, "listening").then(() => true),
    once(server, "error").then(() => false),
  ]);
  if (result) {
    server.close();
    await once(server, "close");
  }
  return result;
}

let command: ChildProcess | undefined;
let wranglerGroup: number | undefined;

afterAll(async () => {
  // Only what this test started: the command's group, and wrangler's group if it was left running.
  for (const group of [command?.pid, wranglerGroup]) {
    if (group && processes().some((p) => p.pgid === group)) process.kill(-group, "SIGKILL");
  }
});

describe("npm run dev stopped while it is starting", () => {
  it("stops wrangler and frees the port", async () => {
    const port = await freePort();
    command = spawn("npm", ["run", "-s", "dev"], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port) },
      detached: true, // its own group, as a terminal's foreground job
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    command.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    command.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(command, "exit");

    const wrangler = await waitFor("wrangler dev to be spawned", STARTED_LIMIT_MS, () =>
      processes().find(
        (p) => p.args.includes("wrangler") && p.args.includes(` dev `) && p.args.includes(`--port ${port}`),
      ),
    );
    wranglerGroup = wrangler.pgid;
    expect(wranglerGroup).not.toBe(command.pid); // its own group: the terminal's signal does not reach it
    expect(output).not.toContain("Frontdesk is running"); // still starting

    process.kill(-(command.pid ?? 0), "SIGTERM");
    await exited;

    await waitFor("wrangler's process group to be gone", STOPPED_LIMIT_MS, () =>
      processes().every((p) => p.pgid !== wranglerGroup),
    );
    expect(await portIsFree(port)).toBe(true);
  }, 180_000);
});
