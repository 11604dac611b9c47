/**
 * `npx tsx bench/profile.ts [turns] [out.cpuprofile] [--instant|--http]`: a V8 CPU profile of the Worker's
 * isolate (the Worker and its Durable Objects) while Frontdesk answers the demo questions one after
 * another with the offline model, or the benchmark's instant model: `--instant` in process (the scripted
 * model), `--http` over loopback HTTP (bench/instant-model.ts). It starts `wrangler dev`, warms up, records
 * `turns` turns through wrangler's inspector proxy (which wants a loopback Host and an allowed Origin header), writes the profile (open it
 * in Chrome DevTools' Performance panel) beside a copy of the bundle its line numbers point into, and
 * prints the functions with the most time, their own and with what they call.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startMeasuredFrontdesk } from "./measured-server.ts";
import { localVars, writeEnvFile } from "../scripts/lib/env-file.mjs";
import { seedDemo } from "../scripts/seed.mjs";
import { firstDeltaLatency } from "./first-delta.ts";
import { DEMO_QUESTIONS, prepareAgentForLoad } from "./load/agent-settings.ts";
import { frontdeskSessions } from "./peers/clients.ts";
import { modelFromFlags } from "./instant-model.ts";
import { benchScratch } from "./state-dir.ts";

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const { values, positionals } = parseArgs({
  options: { instant: { type: "boolean" }, http: { type: "boolean" } },
  allowPositionals: true,
});
const turns = Number(positionals[0] ?? 60);
const out = positionals[1] ?? join(tmpdir(), "frontdesk-turns.cpuprofile");
const SAMPLING_MICROSECONDS = 200;
const SHOWN = 30;

/** Milliseconds per function (name, file, line): its own samples, and its samples with everything it called. */
function summarizeProfile(profile: Profile): { name: string; selfMs: number; totalMs: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const nameOf = ({ callFrame: f }: ProfileNode) =>
    `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000; // a sample's time runs until the next one
    const leaf = byId.get(id);
    if (!leaf) return;
    self.set(nameOf(leaf), (self.get(nameOf(leaf)) ?? 0) + ms);
    const counted = new Set<string>(); // a recursive function counts once per sample
    for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parent.get(node.id) ?? -1)) {
      const name = nameOf(node);
      if (counted.has(name)) continue;
      counted.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  });
  return [...total].map(([name, totalMs]) => ({ name, selfMs: self.get(name) ?? 0, totalMs }));
}

/** A minimal Chrome DevTools Protocol client over a WebSocket. */
async function devtools(
  url: string,
): Promise<{ call: (method: string, params?: object) => Promise<unknown>; close: () => void }> {
  // Node's WebSocket takes headers; wrangler's proxy refuses a client that has a User-Agent but no Origin.
  const ws = new WebSocket(url, { headers: { Origin: "http://localhost" } } as unknown as string[]);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("close", (event) => reject(new Error(`inspector closed (${event.code})`)), { once: true });
  });
  let next = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  ws.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data));
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.error) waiting.reject(new Error(JSON.stringify(message.error)));
    else waiting.resolve(message.result);
  });
  return {
    call: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

const scratch = benchScratch("frontdesk-profile-");
const envFile = join(scratch, "vars.env");
const adminToken = "profile-admin-token";
const model = await modelFromFlags(values);
writeEnvFile(envFile, localVars({ ADMIN_TOKEN: adminToken, ...model.vars }));
const server = await startMeasuredFrontdesk(scratch, envFile);
try {
  await seedDemo({ url: server.url, token: adminToken });
  await prepareAgentForLoad(server.url, adminToken);
  await firstDeltaLatency(frontdeskSessions(server.url, "demo", model.expectedAnswer), DEMO_QUESTIONS, 10); // warm-up, not profiled
  const inspectorPort = /--inspector-port (\d+)/.exec(
    execFileSync("ps", ["-o", "args=", "-p", String(server.pid)]).toString(),
  )?.[1];
  if (!inspectorPort) throw new Error("wrangler was started without --inspector-port");
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const inspector = await devtools(targets[0]!.webSocketDebuggerUrl);
  await inspector.call("Profiler.enable");
  await inspector.call("Profiler.setSamplingInterval", { interval: SAMPLING_MICROSECONDS });
  await inspector.call("Profiler.start");
  const figures = await firstDeltaLatency(
    frontdeskSessions(server.url, "demo", model.expectedAnswer),
    DEMO_QUESTIONS,
    turns,
  );
  const { profile } = (await inspector.call("Profiler.stop")) as { profile: Profile };
  inspector.close();
  writeFileSync(out, JSON.stringify(profile));
  const bundles = readdirSync(".wrangler/tmp")
    .filter((name) => name.startsWith("dev-"))
    .map((name) => join(".wrangler/tmp", name, "index.js"))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (bundles[0]) copyFileSync(bundles[0], `${out.replace(/\.cpuprofile$/, "")}.bundle.js`);
  const rows = summarizeProfile(profile);
  const busy = rows.filter((row) => !/^\((root|idle|program)\)/.test(row.name));
  const sampled = busy.reduce((sum, row) => sum + row.selfMs, 0);
  if (model.server?.requests() === 0) throw new Error("Frontdesk never called the instant model");
  console.log(`${turns} turns, first delta median ${figures.medianMs.toFixed(2)} ms (the profiler slows them)`);
  console.log(`sampled JavaScript: ${(sampled / turns).toFixed(2)} ms a turn; profile: ${out}`);
  console.log("| total ms/turn | self ms/turn | function |\n|---|---|---|");
  for (const row of busy.sort((a, b) => b.totalMs - a.totalMs).slice(0, SHOWN))
    console.log(`| ${(row.totalMs / turns).toFixed(2)} | ${(row.selfMs / turns).toFixed(2)} | ${row.name} |`);
} finally {
  await server.stop();
  await model.server?.close();
  rmSync(scratch, { recursive: true, force: true });
}
