/**
 * workerd's memory during a measurement: the resident set (VmRSS in /proc/<pid>/status) of every
 * process named `workerd` in the process group `wrangler dev` leads, summed, sampled every
 * SAMPLE_MS; the peak is what a run reports. Linux only (returns NaN elsewhere).
 */
import { readdirSync, readFileSync } from "node:fs";

const SAMPLE_MS = 250; // fine enough to catch a peak that lasts a second, cheap enough to stay out of the way
const KB_PER_MB = 1024;

/** The process-group id of a /proc/<pid>/stat line: field 5, counted after the `(comm)` that may hold spaces. */
function processGroup(stat: string): number {
  const afterComm = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(afterComm[2]);
}

/** Summed VmRSS (MB) of the processes named workerd in process group `group`; NaN when none is found. */
export function workerdRssMb(group: number): number {
  let kb = 0;
  let found = false;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return Number.NaN;
  }
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "workerd") continue;
      if (processGroup(readFileSync(`/proc/${pid}/stat`, "utf8")) !== group) continue;
      const rss = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (!rss) continue;
      kb += Number(rss[1]);
      found = true;
    } catch {
      // the process ended between the listing and the read
    }
  }
  return found ? Math.round(kb / KB_PER_MB) : Number.NaN;
}

export type RssSampler = {
  /** Stops sampling and returns the peak (MB; NaN when workerd was never found). */
  stop: () => number;
};

/** Samples the group's workerd RSS until `stop()`; `group()` is read on every sample (a restart changes it). */
export function sampleRss(group: () => number): RssSampler {
  let peak = Number.NaN;
  const sample = () => {
    const mb = workerdRssMb(group());
    if (!Number.isNaN(mb) && !(mb <= peak)) peak = mb;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
