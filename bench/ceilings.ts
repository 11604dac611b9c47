/**
 * The ceilings of the two Durable Objects on every conversation's path: knowledge index queries per
 * second with 1, 2 and 4 replicas under concurrent searches, and inbox hub shard updates per second to
 * 10 open inbox sockets. Runs `test/integration/bench/ceilings.ceiling.ts` in the vitest pool (real
 * workerd) and, meanwhile, samples the CPU that workerd uses: locally every Durable Object runs in one
 * workerd process, and when its peak stays near one core the replicas share one thread, so queries/s
 * cannot grow with them here (on Cloudflare each object runs where it lives). `npx tsx bench/ceilings.ts`
 * prints the JSON.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MARKER = "CEILINGS ";
const SAMPLE_MS = 500; // CPU sampled twice a second: short enough to see a burst, long enough to count ticks
const CLOCK_TICKS = 100; // Linux's USER_HZ: /proc's CPU times are in hundredths of a second

export type Ceilings = {
  index_qps: { "1": number; "2": number; "4": number };
  hub_updates_per_s: number;
  /** workerd's busiest half second, in cores (1 = one core fully used); null where /proc is missing. */
  workerd_peak_cores: number | null;
  /** The share of workerd's CPU time spent on its busiest thread: near 1, its JavaScript ran on one thread. */
  workerd_busiest_thread_share: number | null;
};

type Stat = { pid: number; ppid: number; comm: string; ticks: number };

function processes(): Stat[] {
  const stats: Stat[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const raw = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = raw.lastIndexOf(")");
      const fields = raw.slice(close + 2).split(" ");
      stats.push({
        pid: Number(entry),
        comm: raw.slice(raw.indexOf("(") + 1, close),
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]), // utime + stime
      });
    } catch {
      // The process ended while we looked.
    }
  }
  return stats;
}

/** CPU ticks of one process's threads. */
function threadTicks(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const raw = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  });
}

/** CPU ticks of the workerd processes started under `root` (not other runs on the machine), and their pids. */
function workerd(root: number): { ticks: number; pids: number[] } {
  const all = processes();
  const mine = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all)
      if (!mine.has(p.pid) && mine.has(p.ppid)) {
        mine.add(p.pid);
        grew = true;
      }
  }
  const found = all.filter((p) => mine.has(p.pid) && p.comm.startsWith("workerd"));
  return { ticks: found.reduce((sum, p) => sum + p.ticks, 0), pids: found.map((p) => p.pid) };
}

export async function measureCeilings(): Promise<Ceilings> {
  const child = spawn("npx", ["vitest", "run", "-c", "bench/ceilings.config.ts"], { cwd: ROOT });
  let output = "";
  child.stdout.on("data", (data) => {
    output += data;
  });
  child.stderr.on("data", (data) => {
    output += data;
  });
  let peak: number | null = null;
  let share: number | null = null;
  let last = 0;
  const sampler = setInterval(() => {
    if (!child.pid) return;
    try {
      const { ticks, pids } = workerd(child.pid);
      if (last > 0) peak = Math.max(peak ?? 0, (ticks - last) / CLOCK_TICKS / (SAMPLE_MS / 1000));
      last = ticks;
      const threads = pids.flatMap(threadTicks);
      const total = threads.reduce((sum, t) => sum + t, 0);
      if (total > 0) share = Math.max(...threads) / total;
    } catch {
      // No /proc here: the figure stays null.
    }
  }, SAMPLE_MS);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearInterval(sampler);
  const line = output.split("\n").find((l) => l.includes(MARKER));
  if (!line) throw new Error(`the ceilings measurement failed (exit ${code}):\n${output.slice(-3000)}`);
  const figures = JSON.parse(line.slice(line.indexOf(MARKER) + MARKER.length)) as Pick<
    Ceilings,
    "index_qps" | "hub_updates_per_s"
  >;
  const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
  return { ...figures, workerd_peak_cores: round(peak), workerd_busiest_thread_share: round(share) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await measureCeilings(), null, 2));
}
