/**
 * `npm run bench`: measures, in one run, and writes a Markdown table to stdout and
 * bench/results/latest.md and the JSON of issue 18 to bench/results/latest.json (bench/report.ts).
 * Steps, each returning its piece of the report:
 *   1. machine — what the figures came from;
 *   2. widget — Frontdesk's bundles beside other chat widgets' script-tag builds (bench/widget-weight.ts);
 *   3. chat — first delta, turns/s and workerd CPU per turn of Frontdesk (offline model; instant model)
 *      beside the `agents` SDK chat agent and two floors (bench/peers), each under its own `wrangler dev`;
 *   4. scale — concurrency, steady arrival, growth, index sizes, Worker bundle, cold start (bench/scale) and
 *      the ceilings of the shared objects (bench/ceilings.ts);
 *   5. other — ingestion, crawl, search, output guard, crawl regex and index DO latency, as before.
 * Figures only, never pass/fail on time: the machine may be shared and busy. Progress goes to stderr.
 * `npm run bench -- --only chat` (or scale, other; comma-separated) runs only those steps; the others show as not measured.
 * `--systems frontdesk_instant,floor_streamtext` measures only those chat systems (for A/B runs of a change).
 */
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, release, totalmem, type } from "node:os";
import { join } from "node:path";
import { localVars, writeEnvFile } from "../scripts/lib/env-file.mjs";
import { startMeasuredFrontdesk } from "./measured-server.ts";
import { seedDemo } from "../scripts/seed.mjs";
import { startGeneratedSite } from "../test/node/generated-site.ts";
import { CRAWL_SITE_PAGES, crawlTime } from "./crawl.ts";
import { crawlRegexTimes } from "./crawl-regex.ts";
import { firstDeltaLatency, type OpenSession, turnThroughput } from "./first-delta.ts";
import { indexObjectLatency } from "./index-do.ts";
import {
  httpModelVars,
  INSTANT_ANSWER,
  type InstantModelServer,
  scriptedModelVars,
  startInstantModel,
} from "./instant-model.ts";
import { ingestionThroughput, queryLatency } from "./knowledge.ts";
import { DEMO_QUESTIONS, prepareAgentForLoad } from "./load/agent-settings.ts";
import { outputGuardHoldBack, outputGuardThroughput } from "./output-guard.ts";
import { agentsSdkSessions, floorSessions, frontdeskSessions } from "./peers/clients.ts";
import { ensurePeersInstalled } from "./peers/install.ts";
import { type PeerName, startPeer } from "./peers/server.ts";
import { ratios, targets, writeReport } from "./report.ts";
import { type BenchReport, type ChatReport, type Machine, SYSTEMS, type SystemName } from "./report-schema.ts";
import { widgetWeight } from "./widget-weight.ts";
import { withWorkerdCpu } from "./workerd-cpu.ts";
import { measureCeilings } from "./ceilings.ts";
import { coldStart } from "./scale/cold-start.ts";
import { CONCURRENCY_SIZES, concurrency } from "./scale/concurrency.ts";
import { growth } from "./scale/growth.ts";
import { indexSizes } from "./scale/index-sizes.ts";
import { STEADY_DEFAULTS, steady } from "./scale/steady.ts";
import { workerBundle } from "./scale/worker-bundle.ts";
import { formatTraceSummary, parseTraces, summarizeTraces } from "./turn-trace.ts";
import { benchScratch, benchStateWhere } from "./state-dir.ts";

const TURNS = 200; // first delta: 200 turns one after another in one conversation; the median is stable to a few percent
// Before them, in another conversation and not counted: each system's code is compiled and optimised by the
// time it is measured (a bundle of Frontdesk's size took its first hundred turns to settle), as a deployment's is.
// A cold start is measured apart (cold_start).
const WARMUP_TURNS = 50;
const THROUGHPUT = { conversations: 20, warmupMs: 2_000, durationMs: 10_000 }; // turns/s: 20 busy conversations, a 10 s window
const ADMIN_TOKEN = "bench-admin-token";
const log = (line: string) => console.error(`[bench] ${line}`);

// 1. Machine
function machine(): Machine {
  const require = createRequire(import.meta.url);
  const version = (path: string) => (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
  const wranglerPackage = require.resolve("wrangler/package.json");
  const miniflarePackage = createRequire(wranglerPackage).resolve("miniflare/package.json");
  let os = `${type()} ${release()}`;
  try {
    const name = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1];
    if (name) os = `${name} (${os})`;
  } catch {
    // not Linux: the kernel name and release are enough
  }
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memory: totalmem(),
    os,
    node: process.version,
    workerd: version(createRequire(miniflarePackage).resolve("workerd/package.json")),
    wrangler: version(wranglerPackage),
    date: new Date().toISOString(),
    state: benchStateWhere(),
  };
}

// 3. Chat: first delta, turns/s and workerd CPU per turn, one system at a time
/** A system's figures; when the throughput run fails, its first delta and CPU are kept and `error` says why. */
type Figures = { median: number; p95: number; turnsPerS: number | null; cpuMs: number | null; error?: string };

async function measureChat(port: number, open: OpenSession): Promise<Figures> {
  await firstDeltaLatency(open, DEMO_QUESTIONS, WARMUP_TURNS);
  const { result: latency, cpuMs } = await withWorkerdCpu(port, () => firstDeltaLatency(open, DEMO_QUESTIONS, TURNS));
  const figures = {
    median: latency.medianMs,
    p95: latency.p95Ms,
    cpuMs: cpuMs === null ? null : cpuMs / latency.turns,
  };
  try {
    return { ...figures, turnsPerS: (await turnThroughput(open, DEMO_QUESTIONS, THROUGHPUT)).turnsPerS };
  } catch (error) {
    return { ...figures, turnsPerS: null, error: `turns/s: ${error instanceof Error ? error.message : error}` };
  }
}

/** Frontdesk under `wrangler dev` with the demo agent seeded and prepared for load (limits raised, no handoff). */
async function withFrontdesk<T>(
  vars: Record<string, string>,
  run: (server: { url: string; port: number; output: () => string }) => Promise<T>,
): Promise<T> {
  const scratch = benchScratch("frontdesk-bench-");
  const envFile = join(scratch, "vars.env");
  writeEnvFile(envFile, localVars({ ADMIN_TOKEN, ...vars }));
  const server = await startMeasuredFrontdesk(scratch, envFile);
  try {
    await seedDemo({ url: server.url, token: ADMIN_TOKEN });
    await prepareAgentForLoad(server.url, ADMIN_TOKEN);
    return await run(server);
  } finally {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The per-turn trace of the offline-model runs (worker/lib/turn-trace.ts), as printed lines. */
let turnTrace: string[] = [];

const frontdeskOffline = () =>
  withFrontdesk({ TRACE_TURNS: "true" }, async (s) => {
    const figures = await measureChat(s.port, frontdeskSessions(s.url, "demo"));
    turnTrace = formatTraceSummary(
      summarizeTraces(parseTraces(s.output()).slice(WARMUP_TURNS, WARMUP_TURNS + TURNS)),
    ).split("\n"); // the one-after-another run
    log(turnTrace.join("\n"));
    return figures;
  });

/** Frontdesk's generative path on the in-process scripted model: every answer must be the peers' instant answer. */
const frontdeskInstant = () =>
  withFrontdesk(scriptedModelVars(), (s) => measureChat(s.port, frontdeskSessions(s.url, "demo", INSTANT_ANSWER)));

/** `run` with the loopback instant model server up; `system` must have called it. */
async function withHttpModel(system: string, run: (model: InstantModelServer) => Promise<Figures>): Promise<Figures> {
  const model = await startInstantModel();
  try {
    const figures = await run(model);
    if (model.requests() === 0) throw new Error(`${system} never called the instant model`);
    return figures;
  } finally {
    await model.close();
  }
}

/** The same turns with the instant model over loopback HTTP, as a real provider is called. */
const frontdeskHttp = () =>
  withHttpModel("frontdesk_http", (model) =>
    withFrontdesk(httpModelVars(model), (s) => measureChat(s.port, frontdeskSessions(s.url, "demo", INSTANT_ANSWER))),
  );

async function peer(
  name: PeerName,
  sessions: (url: string) => OpenSession,
  vars: Record<string, string> = {},
): Promise<Figures> {
  const server = await startPeer(name, vars);
  try {
    return await measureChat(server.port, sessions(server.url));
  } finally {
    await server.stop();
  }
}

/** Floor 3 calls the instant model frontdesk_http calls, over the same loopback HTTP. */
const floorHttp = () =>
  withHttpModel("floor_http", (model) => peer("floor-http", floorSessions, { MODEL_BASE_URL: `${model.url}/v1` }));

async function chat(selected: ReadonlySet<SystemName>): Promise<ChatReport> {
  const systems: Record<SystemName, () => Promise<Figures>> = {
    frontdesk_offline: frontdeskOffline,
    frontdesk_instant: frontdeskInstant,
    agents_sdk: () => peer("agents-sdk", agentsSdkSessions),
    floor_do: () => peer("floor-do", floorSessions),
    floor_streamtext: () => peer("floor-streamtext", floorSessions),
    frontdesk_http: frontdeskHttp,
    floor_http: floorHttp,
  };
  const report: ChatReport = { first_delta_ms: {}, turns_per_s: {}, turn_cpu_ms: {}, errors: {} };
  for (const [name, measure] of Object.entries(systems) as [SystemName, () => Promise<Figures>][]) {
    if (!selected.has(name)) continue;
    log(`${name}: ${TURNS} turns one after another, then ${THROUGHPUT.conversations} busy conversations`);
    try {
      const figures = await measure();
      report.first_delta_ms[name] = { median: figures.median, p95: figures.p95 };
      if (figures.turnsPerS !== null) report.turns_per_s[name] = figures.turnsPerS;
      if (figures.cpuMs !== null) report.turn_cpu_ms[name] = figures.cpuMs;
      if (figures.error) report.errors[name] = figures.error;
    } catch (error) {
      report.errors[name] = error instanceof Error ? error.message : String(error);
      log(`${name} failed: ${report.errors[name]}`);
    }
  }
  return report;
}

// 4. Scale: concurrency, steady arrival, growth, index sizes, Worker bundle, cold start, shared objects' ceilings
type ScaleReport = Pick<
  BenchReport,
  "concurrency" | "steady" | "index" | "growth" | "worker_bundle" | "cold_start" | "ceilings"
>;

async function scaleFigures(): Promise<ScaleReport> {
  const measurements: { [K in keyof ScaleReport]-?: () => Promise<NonNullable<ScaleReport[K]>> } = {
    worker_bundle: () => workerBundle(),
    cold_start: async () => ({ ...(await coldStart()) }),
    concurrency: () => concurrency(CONCURRENCY_SIZES),
    steady: () => steady(STEADY_DEFAULTS),
    growth: () => growth(),
    index: () => indexSizes(),
    ceilings: async () => ({ ...(await measureCeilings()) }),
  };
  const report: ScaleReport = {};
  for (const [name, measure] of Object.entries(measurements)) {
    log(`scale: ${name}`);
    try {
      Object.assign(report, { [name]: await measure() });
    } catch (error) {
      scaleErrors[name] = error instanceof Error ? error.message : String(error);
      log(`scale: ${name} failed: ${scaleErrors[name]}`);
    }
  }
  return report;
}
const scaleErrors: Record<string, string> = {};

// 5. Other figures, kept from the earlier bench
async function other(): Promise<Record<string, string[]>> {
  const figures: Record<string, string[]> = {};
  const site = await startGeneratedSite(CRAWL_SITE_PAGES); // the generated site the crawl benchmark imports
  try {
    await withFrontdesk({ ALLOW_LOOPBACK_FETCH: new URL(site.url).host }, async ({ url }) => {
      const target = { url, token: ADMIN_TOKEN, agentId: "bench-kb" };
      await fetch(`${url}/api/agents/bench-kb`, {
        method: "PUT",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "Bench", personality: "professional", greeting: "Hello" }),
      });
      log("ingestion and crawl");
      figures["Ingestion through upload, queue and index (Arduino help center)"] = [await ingestionThroughput(target)];
      figures[`Crawl of a generated ${CRAWL_SITE_PAGES}-page loopback site, capped at 5,000 pages`] = [
        await crawlTime(target, site.url),
      ];
    });
  } catch (error) {
    // The figures in Node below do not need the server: a failure here must not cost them.
    figures["Ingestion and crawl failed"] = [error instanceof Error ? error.message : String(error)];
  } finally {
    await site.close();
  }
  log("search, index Durable Object, output guard, crawl regex");
  figures["Search latency in the in-memory engine, in Node (eval tooling; 5 documents per query)"] = queryLatency();
  figures["Search inside the knowledge index Durable Object (workerd, Date.now(); 5 documents per search)"] =
    indexObjectLatency();
  figures["Output guard: a long answer streamed in small deltas"] = outputGuardThroughput();
  figures["Output guard: what it holds back while an answer streams"] = await outputGuardHoldBack();
  figures["Parsing crawled content built to make backtracking regular expressions blow up (median of 5)"] =
    crawlRegexTimes();
  return figures;
}

const STEPS = ["chat", "scale", "other"];

/** `npm run bench -- --only chat` (or `scale`, `other`) runs those steps alone; machine and widget always run (seconds). */
function selectedSteps(argv: string[]): Set<string> {
  const at = argv.indexOf("--only");
  if (at < 0) return new Set(STEPS);
  const steps = new Set((argv[at + 1] ?? "").split(","));
  const unknown = [...steps].filter((step) => !STEPS.includes(step));
  if (unknown.length > 0 || steps.size === 0)
    throw new Error(`--only takes ${STEPS.join(", ")}, comma-separated; got "${argv[at + 1] ?? ""}"`);
  return steps;
}

/** `--systems a,b`: the chat systems measured (all without it). */
function selectedSystems(argv: string[]): Set<SystemName> {
  const at = argv.indexOf("--systems");
  if (at < 0) return new Set(SYSTEMS);
  const systems = new Set((argv[at + 1] ?? "").split(","));
  const unknown = [...systems].filter((system) => !(SYSTEMS as readonly string[]).includes(system));
  if (unknown.length > 0)
    throw new Error(`--systems takes ${SYSTEMS.join(", ")}, comma-separated; got "${argv[at + 1] ?? ""}"`);
  return systems as Set<SystemName>;
}

const steps = selectedSteps(process.argv.slice(2));
const systems = selectedSystems(process.argv.slice(2));
const started = machine();
log("installing peers (first run only) and weighing widgets");
ensurePeersInstalled(log);
const weights = await widgetWeight(); // also builds dist/public, which wrangler dev serves
const chatFigures: ChatReport = steps.has("chat")
  ? await chat(systems)
  : { first_delta_ms: {}, turns_per_s: {}, turn_cpu_ms: {}, errors: {} };
const scale = steps.has("scale") ? await scaleFigures() : {};
const otherFigures = steps.has("other") ? await other() : {};
const partial = {
  machine: started,
  widget: weights.widget,
  first_delta_ms: chatFigures.first_delta_ms,
  turns_per_s: chatFigures.turns_per_s,
  ...scale,
  widget_first_open: weights.widget_first_open,
  widget_peers: weights.widget_peers,
  turn_cpu_ms: chatFigures.turn_cpu_ms,
  method: {
    first_delta:
      `${TURNS} turns one after another in one conversation (after ${WARMUP_TURNS} in another, not counted), ` +
      "from sending the message frame to the first streamed delta (Node, loopback WebSocket)",
    turns_per_s:
      `${THROUGHPUT.conversations} conversations at once, each sending its next message when its answer ` +
      `completes; answers completed in ${THROUGHPUT.durationMs / 1000} s after a ${THROUGHPUT.warmupMs / 1000} s warm-up`,
    turn_cpu_ms: "workerd utime + stime (/proc) across the first-delta run, divided by its turns",
  },
  errors: { ...chatFigures.errors, ...scaleErrors },
  other: turnTrace.length
    ? { "Per-turn trace, offline model (the runs above)": turnTrace, ...otherFigures }
    : otherFigures,
};
const report: BenchReport = { ...partial, ratios: ratios(partial), targets: targets(partial) };
console.log(writeReport(report));
// A measurement that timed out may leave visitors reconnecting: the figures are written, so stop here.
process.exit(0);
