/**
 * CPU time of the workerd process(es) behind one `wrangler dev` (Linux /proc): the wrangler process
 * listening on a port is found by its command line, and every workerd process in its process group
 * counts (utime + stime). Read before and after a run; the difference divided by the turns is the
 * CPU a turn costs inside the runtime (Node, the load generator and wrangler's own process are left out).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";

const FALLBACK_TICKS_PER_S = 100; // Linux's USER_HZ almost everywhere

function ticksPerSecond(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || FALLBACK_TICKS_PER_S;
  } catch {
    return FALLBACK_TICKS_PER_S;
  }
}

const TICKS_PER_S = ticksPerSecond();

type ProcStat = { pid: number; comm: string; pgid: number; cpuTicks: number };

/** /proc/<pid>/stat: the command sits in parentheses and may hold spaces, so fields are counted after it. */
function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" "); // fields[0] is field 3 (state)
    return { pid, comm, pgid: Number(fields[2]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // the process ended while we looked
  }
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

const pids = (): number[] =>
  readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);

/** True where CPU can be read (Linux); elsewhere the bench reports no turn CPU. */
export const canReadCpu = (): boolean => existsSync("/proc/self/stat");

/** The process group of the `wrangler dev` serving `port`, or null when none is found. */
export function wranglerGroup(port: number): number | null {
  for (const pid of pids()) {
    const args = cmdline(pid);
    const at = args.indexOf("--port");
    if (at >= 0 && args[at + 1] === String(port) && args.some((arg) => arg.includes("wrangler")))
      return readStat(pid)?.pgid ?? null;
  }
  return null;
}

/** CPU milliseconds used so far by the workerd processes of process group `pgid`. */
export function workerdCpuMs(pgid: number): number {
  let ticks = 0;
  for (const pid of pids()) {
    const stat = readStat(pid);
    if (stat && stat.pgid === pgid && stat.comm.startsWith("workerd")) ticks += stat.cpuTicks;
  }
  return (ticks * 1000) / TICKS_PER_S;
}

/** Measures the workerd CPU of the server on `port` across `run`; null when it cannot be read. */
export async function withWorkerdCpu<T>(
  port: number,
  run: () => Promise<T>,
): Promise<{ result: T; cpuMs: number | null }> {
  const group = canReadCpu() ? wranglerGroup(port) : null;
  const before = group === null ? 0 : workerdCpuMs(group);
  const result = await run();
  return { result, cpuMs: group === null ? null : workerdCpuMs(group) - before };
}
