/**
 * The scale bench's memory reader (bench/scale/rss.ts): it sums the RSS of the processes named
 * `workerd` in one process group and nothing else. A stand-in `workerd` (a link to `sleep`, so the
 * kernel names the process after the link) runs in a group of its own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isRuntimeCommand, sampleRss, workerdRss, workerdRssMb } from "../../bench/scale/rss";

const linux = process.platform === "linux";
const started: ChildProcess[] = [];
const scratch = mkdtempSync(join(tmpdir(), "scale-rss-"));

afterEach(() => {
  for (const child of started.splice(0)) child.kill("SIGKILL");
});

/** Starts `sleep` under the name `name`, leading a process group of its own. */
function startNamed(name: string): ChildProcess {
  const path = join(scratch, name);
  try {
    symlinkSync("/bin/sleep", path);
  } catch {
    // linked by an earlier test
  }
  const child = spawn(path, ["60"], { detached: true, stdio: "ignore" });
  started.push(child);
  return child;
}

describe.runIf(linux)("workerd RSS", () => {
  it("reads the resident set of the workerd processes of the group it is given", async () => {
    const workerd = startNamed("workerd");
    const fromProc = () => {
      const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${workerd.pid}/status`, "utf8"))?.[1];
      return Math.round(Number(kb) / 1024);
    };
    await vi.waitFor(() => expect(workerdRssMb(workerd.pid!)).not.toBeNaN());
    expect(Math.abs(workerdRssMb(workerd.pid!) - fromProc())).toBeLessThanOrEqual(1);
  });

  it("ignores other groups and processes with other names", async () => {
    const other = startNamed("not-workerd");
    const workerd = startNamed("workerd");
    await vi.waitFor(() => expect(workerdRssMb(workerd.pid!)).not.toBeNaN());
    expect(workerdRssMb(other.pid!)).toBeNaN();
    expect(workerdRssMb(process.pid)).toBeNaN();
  });

  it("a sampler keeps the peak, and NaN when workerd never ran", async () => {
    const workerd = startNamed("workerd");
    await vi.waitFor(() => expect(workerdRssMb(workerd.pid!)).not.toBeNaN());
    const sampler = sampleRss(() => workerd.pid!);
    expect(sampler.stop()).toBeGreaterThanOrEqual(workerdRssMb(workerd.pid!) - 1);
    expect(sampleRss(() => process.pid).stop()).toBeNaN();
  });

  it("counts a workerd that is not the Worker's runtime as wrangler's proxy", async () => {
    const workerd = startNamed("workerd");
    await vi.waitFor(() => expect(workerdRssMb(workerd.pid!)).not.toBeNaN());
    const split = workerdRss(workerd.pid!);
    expect(split.proxy).toBe(split.total);
    expect(split.runtime).toBeNaN();
    expect(sampleRss(() => workerd.pid!).runtimePeak()).toBeNaN();
  });
});

describe("the Worker's runtime and wrangler's proxy", () => {
  // The two command lines `wrangler dev` starts (the tail after "-" trimmed), as /proc/<pid>/cmdline holds them.
  const cmdline = (...args: string[]) => `${args.join("\0")}\0`;
  const common = ["workerd", "serve", "--binary", "--experimental"];

  it("tells them apart by the entry socket: the runtime's port is picked by the runtime", () => {
    const runtime = cmdline(...common, "--socket-addr=entry=127.0.0.1:0", "--external-addr=loopback=127.0.0.1:37527");
    const proxy = cmdline(...common, "--socket-addr=entry=127.0.0.1:43285", "--external-addr=loopback=127.0.0.1:38273");
    expect(isRuntimeCommand(runtime)).toBe(true);
    expect(isRuntimeCommand(proxy)).toBe(false);
    expect(isRuntimeCommand(cmdline(...common, "--socket-addr=entry=127.0.0.1:8080"))).toBe(false);
  });
});

process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
