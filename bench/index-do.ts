/**
 * Search latency inside the knowledge index Durable Object (the FTS5 + vector-block search) at
 * 1k, 10k and 50k chunks, cold and warm. Runs `test/integration/bench/index-do.measure.ts` in the
 * vitest pool (real workerd, real SQLite, real eviction) and prints its figures; the times are
 * the runtime's own Date.now() around each search. Also `npx tsx bench/index-do.ts` on its own.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MARKER = "INDEX_DO_BENCH ";

type Figures = {
  size: number;
  chunks: number;
  fillMs: number;
  coldCaller: { p50: number; max: number };
  coldInside: { p50: number; max: number };
  warm: { p50: number; p95: number; max: number };
};

export function indexObjectLatency(): string[] {
  const run = spawnSync("npx", ["vitest", "run", "-c", "bench/index-do.config.ts"], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const figures = `${run.stdout}\n${run.stderr}`
    .split("\n")
    .filter((line) => line.includes(MARKER))
    .map((line) => JSON.parse(line.slice(line.indexOf(MARKER) + MARKER.length)) as Figures);
  if (figures.length === 0) return [`  the measurement failed (exit ${run.status}):`, run.stdout.slice(-2000)];
  const ms = (n: number) => String(n).padStart(4);
  return [
    "   chunks | cold: wake + first search (caller) p50 / max | first search inside p50 / max | warm p50 / p95 / max (ms)",
    ...figures.map(
      (f) =>
        `  ${String(f.chunks).padStart(7)} | ${ms(f.coldCaller.p50)} / ${ms(f.coldCaller.max)}${" ".repeat(34)}| ` +
        `${ms(f.coldInside.p50)} / ${ms(f.coldInside.max)}${" ".repeat(19)}| ` +
        `${ms(f.warm.p50)} / ${ms(f.warm.p95)} / ${ms(f.warm.max)}   (filled in ${(f.fillMs / 1000).toFixed(1)} s)`,
    ),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log("Search inside the knowledge index Durable Object (workerd, Date.now(); 5 documents per search)");
  for (const line of indexObjectLatency()) console.log(line);
}
