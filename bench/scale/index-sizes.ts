/**
 * The knowledge index Durable Object at 1k / 10k / 50k chunks, as structured figures: runs the
 * existing measurement inside workerd (test/integration/bench/index-do.measure.ts through
 * bench/index-do.config.ts, a vitest run with no time assertions) and reads the one
 * `INDEX_DO_BENCH {json}` line it prints per size. cold_ms is the median of the caller's view of a
 * search on an evicted object (wake, constructor, first query, RPC); p50/p95 are warm searches
 * timed inside the object. Times are workerd's own Date.now(), to the millisecond.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { wranglerEnv } from "../../scripts/lib/frontdesk-server.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MARKER = "INDEX_DO_BENCH ";
const RUN_TIMEOUT_MS = 20 * 60_000; // filling 50,000 chunks embeds each one offline: minutes on a busy machine

const measured = z.object({
  size: z.number(),
  chunks: z.number(),
  fillMs: z.number(),
  coldCaller: z.object({ p50: z.number(), max: z.number() }),
  coldInside: z.object({ p50: z.number(), max: z.number() }),
  warm: z.object({ p50: z.number(), p95: z.number(), max: z.number() }),
});

export type IndexFigures = {
  cold_ms: number;
  p50_ms: number;
  p95_ms: number;
  /** Beside the schema: chunks the index held, worst cold wake, first search inside a woken object, fill time. */
  chunks: number;
  cold_max_ms: number;
  cold_inside_ms: number;
  warm_max_ms: number;
  fill_ms: number;
};

/** Runs the vitest measurement, bounded; resolves with everything it printed. */
function runMeasurement(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${ROOT}node_modules/.bin/vitest`, ["run", "-c", "bench/index-do.config.ts"], {
      cwd: ROOT,
      env: wranglerEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own group: a timeout stops vitest and its workerd together
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const stopGroup = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(stopGroup, RUN_TIMEOUT_MS);
    process.once("exit", stopGroup);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      process.off("exit", stopGroup);
      if (code === 0) resolve(output);
      else reject(new Error(`the index measurement failed (${signal ?? code}):\n${output.slice(-3000)}`));
    });
  });
}

/** `index` of the bench's JSON. */
export async function indexSizes(): Promise<Record<string, IndexFigures>> {
  const output = await runMeasurement();
  const figures: Record<string, IndexFigures> = {};
  for (const line of output.split("\n")) {
    const at = line.indexOf(MARKER);
    if (at < 0) continue;
    const f = measured.parse(JSON.parse(line.slice(at + MARKER.length)));
    figures[String(f.size)] = {
      cold_ms: f.coldCaller.p50,
      p50_ms: f.warm.p50,
      p95_ms: f.warm.p95,
      chunks: f.chunks,
      cold_max_ms: f.coldCaller.max,
      cold_inside_ms: f.coldInside.p50,
      warm_max_ms: f.warm.max,
      fill_ms: f.fillMs,
    };
  }
  if (Object.keys(figures).length === 0)
    throw new Error(`the index measurement printed no figures:\n${output.slice(-3000)}`);
  return figures;
}
