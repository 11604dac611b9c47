/**
 * `npm run bench`: measures, in one run, and writes a Markdown table to stdout and
 * bench/results/latest.md and the JSON of issue 18 to bench/results/latest.json (bench/report.ts).
 * Steps, each returning its piece of the report:
 *   1. machine — what the figures came from;
 *   2. widget — Frontdesk's bundles beside other chat widgets' script-tag builds (bench/widget-weight.ts);
 *   3. chat — first delta, turns/s and workerd CPU per turn of Frontdesk (offline model; instant model)
 *      beside the `agents` SDK chat agent and the floors (bench/peers), each under its own `wrangler dev`
 *      (bench/chat.ts);
 *   4. scale — concurrency, steady arrival, growth, index sizes, Worker bundle, cold start (bench/scale) and
 *      the ceilings of the shared objects (bench/ceilings.ts);
 *   5. other — ingestion, crawl, search, output guard, crawl regex and index DO latency, as before.
 * Figures only, never pass/fail on time: the machine may be shared and busy. Progress goes to stderr.
 * `npm run bench -- --only chat` (or scale, other; comma-separated) runs only those steps; the others show as not measured.
 * `--systems frontdesk_instant,floor_streamtext` measures only those chat systems (for A/B runs of a change).
 */
import { readFileSync } from "node:fs";
import { ADMIN_TOKEN, CHAT_METHOD, chat, withFrontdesk } from "./chat.ts";
import { createRequire } from "node:module";
import { cpus, release, totalmem, type } from "node:os";
import { startGeneratedSite } from "../test/node/generated-site.ts";
import { CRAWL_SITE_PAGES, crawlTime } from "./crawl.ts";
import { crawlRegexTimes } from "./crawl-regex.ts";
import { indexObjectLatency } from "./index-do.ts";
import { ingestionThroughput, queryLatency } from "./knowledge.ts";
import { outputGuardHoldBack, outputGuardThroughput } from "./output-guard.ts";
import { ensurePeersInstalled } from "./peers/install.ts";
import { ratios, targets, writeReport } from "./report.ts";
import { type BenchReport, type Machine, SYSTEMS, type SystemName } from "./report-schema.ts";
import { widgetWeight } from "./widget-weight.ts";
import { measureCeilings } from "./ceilings.ts";
import { coldStart } from "./scale/cold-start.ts";
import { CONCURRENCY_SIZES, concurrency } from "./scale/concurrency.ts";
import { growth } from "./scale/growth.ts";
import { indexSizes } from "./scale/index-sizes.ts";
import { STEADY_DEFAULTS, steady } from "./scale/steady.ts";
import { workerBundle } from "./scale/worker-bundle.ts";
import { benchStateWhere } from "./state-dir.ts";

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
const { report: chatFigures, turnTrace } = steps.has("chat")
  ? await chat(systems)
  : { report: { first_delta_ms: {}, turns_per_s: {}, turn_cpu_ms: {}, errors: {} }, turnTrace: [] };
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
  method: CHAT_METHOD,
  errors: { ...chatFigures.errors, ...scaleErrors },
  other: turnTrace.length
    ? { "Per-turn trace, offline model (the runs above)": turnTrace, ...otherFigures }
    : otherFigures,
};
const report: BenchReport = { ...partial, ratios: ratios(partial), targets: targets(partial) };
console.log(writeReport(report));
// A measurement that timed out may leave visitors reconnecting: the figures are written, so stop here.
process.exit(0);
