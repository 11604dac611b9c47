/**
 * Where a benchmark's `wrangler dev` keeps its local state (Durable Objects' SQLite, D1, R2): in memory
 * (`/dev/shm`) when the machine has it, else the system's temporary folder; `BENCH_STATE_DIR` names another
 * folder (a disk, to see what that costs). Local storage ends each Durable Object transaction with an
 * `fsync` on workerd's one JavaScript thread, which waits for the disk while every object waits for the
 * thread; a deployment's storage confirms its writes off that thread. On a VM's disk those waits, not the
 * runtime's work, bound the figures — so every system (Frontdesk, the `agents` SDK, the floors) keeps its
 * state in the same place, and the report says where.
 */
import { accessSync, constants, mkdtempSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const MEMORY_FOLDER = "/dev/shm";
const TMPFS_MAGIC = 0x01021994; // statfs(2)'s f_type of a tmpfs

function inMemoryFolder(): string | null {
  try {
    accessSync(MEMORY_FOLDER, constants.W_OK);
    return statfsSync(MEMORY_FOLDER).type === TMPFS_MAGIC ? MEMORY_FOLDER : null;
  } catch {
    return null; // not Linux, or no shared memory folder
  }
}

/** The folder the benchmarks' scratch folders go in. */
export function benchStateRoot(): string {
  return process.env.BENCH_STATE_DIR || inMemoryFolder() || tmpdir();
}

/** How the report names where state was kept: "memory (/dev/shm)" or the folder. */
export function benchStateWhere(): string {
  const root = benchStateRoot();
  return root === inMemoryFolder() ? `memory (${root})` : root;
}

/** A fresh scratch folder for one benchmark server, under benchStateRoot(); the caller removes it. */
export function benchScratch(prefix: string): string {
  return mkdtempSync(join(benchStateRoot(), prefix));
}
