/**
 * workerd's memory during a measurement: the resident set (VmRSS in /proc/<pid>/status) of every
 * process named `workerd` in the process group `wrangler dev` leads, summed, sampled every
 * SAMPLE_MS; the peak is what a run reports. `wrangler dev` runs two: the Worker's runtime (the
 * Worker, its Durable Objects and Miniflare's local services) and wrangler's dev proxy in front of
 * it, which holds a copy of every connection and is not part of a deployment; their split is
 * reported beside the sum. Linux only (returns NaN elsewhere).
 */
import { readdirSync, readFileSync } from "node:fs";

const SAMPLE_MS = 250; // fine enough to catch a peak that lasts a second, cheap enough to stay out of the way
const KB_PER_MB = 1024;
/** The Worker's runtime listens on a port the runtime picks (`entry=…:0`); wrangler's proxy on the user's port. */
const RUNTIME_ENTRY = /(^|\0)--socket-addr=entry=[^\0]*:0(\0|$)/;

/** Whether a workerd's command line (/proc/<pid>/cmdline: arguments ended by NUL) is the Worker's runtime's. */
export const isRuntimeCommand = (cmdline: string): boolean => RUNTIME_ENTRY.test(cmdline);

/** The process-group id of a /proc/<pid>/stat line: field 5, counted after the `(comm)` that may hold spaces. */
function processGroup(stat: string): number {
  const afterComm = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(afterComm[2]);
}

export type WorkerdRss = {
  /** Both processes, MB (NaN when none is found). */
  total: number;
  /** The Worker's runtime alone, MB (NaN when it is not told apart). */
  runtime: number;
  /** wrangler's dev proxy, MB. */
  proxy: number;
};

/** The workerd processes of process group `group`, summed and apart. */
export function workerdRss(group: number): WorkerdRss {
  const kb = { total: 0, runtime: 0, proxy: 0 };
  let found = false;
  let runtimeFound = false;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return { total: Number.NaN, runtime: Number.NaN, proxy: Number.NaN };
  }
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "workerd") continue;
      if (processGroup(readFileSync(`/proc/${pid}/stat`, "utf8")) !== group) continue;
      const rss = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (!rss) continue;
      const isRuntime = isRuntimeCommand(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
      kb.total += Number(rss[1]);
      kb[isRuntime ? "runtime" : "proxy"] += Number(rss[1]);
      found = true;
      runtimeFound ||= isRuntime;
    } catch {
      // the process ended between the listing and the read
    }
  }
  const mb = (value: number) => Math.round(value / KB_PER_MB);
  if (!found) return { total: Number.NaN, runtime: Number.NaN, proxy: Number.NaN };
  return { total: mb(kb.total), runtime: runtimeFound ? mb(kb.runtime) : Number.NaN, proxy: mb(kb.proxy) };
}

/** Summed VmRSS (MB) of the processes named workerd in process group `group`; NaN when none is found. */
export function workerdRssMb(group: number): number {
  return workerdRss(group).total;
}

export type RssSampler = {
  /** Stops sampling and returns the peak (MB; NaN when workerd was never found). */
  stop: () => number;
  /** The peak of the Worker's runtime alone (MB; NaN when it was never told apart). */
  runtimePeak: () => number;
};

/** Samples the group's workerd RSS until `stop()`; `group()` is read on every sample (a restart changes it). */
export function sampleRss(group: () => number): RssSampler {
  let peak = Number.NaN;
  let runtimePeak = Number.NaN;
  const sample = () => {
    const mb = workerdRss(group());
    if (!Number.isNaN(mb.total) && !(mb.total <= peak)) peak = mb.total;
    if (!Number.isNaN(mb.runtime) && !(mb.runtime <= runtimePeak)) runtimePeak = mb.runtime;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
    runtimePeak: () => runtimePeak,
  };
}

const CLOCK_TICKS_PER_S = 100; // USER_HZ of /proc/<pid>/stat on Linux (getconf CLK_TCK)

/** CPU time (user + system, ms) the Worker's runtime of process group `group` has used so far; NaN when not found. */
export function runtimeCpuMs(group: number): number {
  try {
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      try {
        if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "workerd") continue;
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        if (processGroup(stat) !== group || !isRuntimeCommand(readFileSync(`/proc/${pid}/cmdline`, "utf8"))) continue;
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S; // utime, stime
      } catch {
        // the process ended between the listing and the read
      }
    }
  } catch {
    // no /proc
  }
  return Number.NaN;
}
