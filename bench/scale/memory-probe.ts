/**
 * `npx tsx bench/scale/memory-probe.ts [conversations] [--messages N] [--snapshot]`: where workerd's memory
 * goes in a concurrency run (the scale server: no local trace store), with 3 messages a conversation
 * unless `--messages` says otherwise (to tell a cost per conversation from one per turn). Every second it
 * prints workerd's RSS — the Worker's runtime and wrangler's dev proxy apart (rss.ts), with their
 * anonymous memory — and the Worker isolate's V8 heap, read through wrangler's inspector as
 * bench/profile.ts does; after the run it waits (IDLE_WAIT_MS) and reads them again. With --snapshot it
 * takes a heap snapshot SNAP_AT_MS into the run and prints what the live heap holds, by kind and constructor.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { DEMO_QUESTIONS } from "../load/agent-settings.ts";
import { runLoad } from "../load/generator.ts";
import { workerdRss } from "./rss.ts";
import { startScaleServer } from "./server.ts";

const conversations = Number(process.argv[2] ?? 300);
const wantSnapshot = process.argv.includes("--snapshot");
const messagesAt = process.argv.indexOf("--messages");
const messagesPerConversation = messagesAt > 0 ? Number(process.argv[messagesAt + 1]) : 3;
if (!Number.isInteger(conversations) || !Number.isInteger(messagesPerConversation) || messagesPerConversation < 1) {
  console.error("usage: npx tsx bench/scale/memory-probe.ts [conversations] [--messages N] [--snapshot]");
  process.exit(2);
}
const SAMPLE_MS = 1_000;
const IDLE_WAIT_MS = Number(process.env.IDLE_WAIT_MS ?? 30_000); // idle objects may leave memory meanwhile
const SNAP_AT_MS = Number(process.env.SNAP_AT_MS ?? 100_000); // about the middle of a 300-conversation run here
const SHOWN = 30;
const MB = 2 ** 20;

type Message = { id?: number; method?: string; params?: { chunk?: string }; result?: unknown };
type HeapSnapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
};

/** A minimal DevTools client: calls, and the chunks of a heap snapshot. */
async function inspector(url: string) {
  // Node's WebSocket takes headers; wrangler's proxy refuses a client that has a User-Agent but no Origin.
  const ws = new WebSocket(url, { headers: { Origin: "http://localhost" } } as unknown as string[]);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("close", (event) => reject(new Error(`inspector closed (${event.code})`)), { once: true });
  });
  let next = 0;
  const pending = new Map<number, (result: unknown) => void>();
  const chunks: string[] = [];
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as Message;
    if (message.id === undefined) {
      if (message.method === "HeapProfiler.addHeapSnapshotChunk") chunks.push(message.params?.chunk ?? "");
      return;
    }
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  const call = (method: string, params = {}) =>
    new Promise<unknown>((resolve) => {
      const id = ++next;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    call,
    async snapshot(): Promise<HeapSnapshot> {
      chunks.length = 0;
      await call("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      return JSON.parse(chunks.join("")) as HeapSnapshot;
    },
    close: () => ws.close(),
  };
}

/** Anonymous memory (MB) of the workerd processes of `group`, from /proc/<pid>/smaps_rollup. */
function anonymousMb(group: number): string {
  const out: string[] = [];
  for (const line of execFileSync("ps", ["-o", "pid=,comm=", "-g", String(group)])
    .toString()
    .trim()
    .split("\n")) {
    const [pid, comm] = line.trim().split(/\s+/);
    if (comm !== "workerd") continue;
    const kb = /^Anonymous:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1];
    out.push(`${pid}: ${Math.round(Number(kb) / 1024)}`);
  }
  return out.join(", ");
}

/** The live heap by kind and constructor (self sizes), largest first. */
function printSnapshot(heap: HeapSnapshot): void {
  const fields = heap.snapshot.meta.node_fields;
  const [type, name, size] = ["type", "name", "self_size"].map((field) => fields.indexOf(field)) as [
    number,
    number,
    number,
  ];
  const kinds = heap.snapshot.meta.node_types[0];
  const totals = new Map<string, { count: number; bytes: number }>();
  let bytes = 0;
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const key = `${kinds[heap.nodes[i + type]!]}: ${heap.strings[heap.nodes[i + name]!]!.slice(0, 60).replace(/\s+/g, " ")}`;
    const entry = totals.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += heap.nodes[i + size]!;
    bytes += heap.nodes[i + size]!;
    totals.set(key, entry);
  }
  console.log(`live heap: ${(bytes / MB).toFixed(1)} MB in ${heap.nodes.length / fields.length} objects`);
  for (const [key, entry] of [...totals].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, SHOWN))
    console.log(`  ${(entry.bytes / MB).toFixed(2)} MB  ${entry.count}  ${key}`);
}

const server = await startScaleServer();
try {
  const port = /--inspector-port (\d+)/.exec(
    execFileSync("ps", ["-o", "args=", "-p", String(server.pid())]).toString(),
  )?.[1];
  if (!port) throw new Error("wrangler was started without --inspector-port");
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { webSocketDebuggerUrl: string }[];
  const worker = await inspector(targets[0]!.webSocketDebuggerUrl);
  const begun = performance.now();
  const print = async (label: string) => {
    const rss = workerdRss(server.pid());
    const heap = (await worker.call("Runtime.getHeapUsage")) as { usedSize: number; totalSize: number };
    console.log(
      `${label}: workerd ${rss.total} MB (runtime ${rss.runtime}, proxy ${rss.proxy}; anonymous ${anonymousMb(server.pid())}),` +
        ` Worker heap used ${Math.round(heap.usedSize / MB)} of ${Math.round(heap.totalSize / MB)} MB`,
    );
  };
  await print("before");
  let running = true;
  const sampler = (async () => {
    while (running) {
      await print(`${((performance.now() - begun) / 1000).toFixed(0)} s`);
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  const load = runLoad({
    baseUrl: server.url,
    agentId: "demo",
    conversations,
    messagesPerConversation,
    questions: DEMO_QUESTIONS,
    turnTimeoutMs: 180_000,
  });
  if (wantSnapshot) {
    await new Promise((resolve) => setTimeout(resolve, SNAP_AT_MS));
    printSnapshot(await worker.snapshot());
  }
  const { report } = await load;
  running = false;
  await sampler;
  console.log(`${report.answered}/${report.sent} answered, lost ${report.lost}, errors ${report.errors}`);
  await print("after the run");
  await new Promise((resolve) => setTimeout(resolve, IDLE_WAIT_MS));
  await print(`after ${IDLE_WAIT_MS / 1000} s idle`);
  worker.close();
} finally {
  await server.stop();
}
