/**
 * Where the benchmarks keep `wrangler dev`'s local state (bench/state-dir.ts): the folder BENCH_STATE_DIR
 * names, else memory when the machine has a tmpfs at /dev/shm, else the temporary folder — and the report
 * names the place it used.
 */
import { existsSync, mkdtempSync, rmSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { benchScratch, benchStateRoot, benchStateWhere } from "../../bench/state-dir";

const TMPFS_MAGIC = 0x01021994;
const hasMemoryFolder = (() => {
  try {
    return statfsSync("/dev/shm").type === TMPFS_MAGIC;
  } catch {
    return false;
  }
})();
const chosen = process.env.BENCH_STATE_DIR;

describe("benchmark state folder", () => {
  afterEach(() => {
    if (chosen === undefined) delete process.env.BENCH_STATE_DIR;
    else process.env.BENCH_STATE_DIR = chosen;
  });

  it("goes where BENCH_STATE_DIR says, and the report names that folder", () => {
    const folder = mkdtempSync(join(tmpdir(), "bench-state-"));
    try {
      process.env.BENCH_STATE_DIR = folder;
      expect(benchStateRoot()).toBe(folder);
      expect(benchStateWhere()).toBe(folder);
      const scratch = benchScratch("frontdesk-test-");
      expect(dirname(scratch)).toBe(folder);
      expect(existsSync(scratch)).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("otherwise keeps state in memory where the machine has a tmpfs, else in the temporary folder", () => {
    delete process.env.BENCH_STATE_DIR;
    expect(benchStateRoot()).toBe(hasMemoryFolder ? "/dev/shm" : tmpdir());
    expect(benchStateWhere()).toBe(hasMemoryFolder ? "memory (/dev/shm)" : tmpdir());
  });
});
