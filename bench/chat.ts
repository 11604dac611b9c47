/**
 * The bench's chat step (bench/index.ts, step 3): first delta, turns/s and workerd CPU per turn of each
 * system, one at a time, each under its own `wrangler dev` — Frontdesk with the offline model, the scripted
 * model (in process, as the peers' mock) and the instant model over loopback HTTP, the `agents` SDK chat agent
 * and the floors (bench/peers). Every system is warmed up before it is measured.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { localVars, writeEnvFile } from "../scripts/lib/env-file.mjs";
import { seedDemo } from "../scripts/seed.mjs";
import { firstDeltaLatency, type OpenSession, turnThroughput } from "./first-delta.ts";
import {
  httpModelVars,
  INSTANT_ANSWER,
  type InstantModelServer,
  scriptedModelVars,
  startInstantModel,
} from "./instant-model.ts";
import { DEMO_QUESTIONS, prepareAgentForLoad } from "./load/agent-settings.ts";
import { startMeasuredFrontdesk } from "./measured-server.ts";
import { agentsSdkSessions, floorSessions, frontdeskSessions } from "./peers/clients.ts";
import { type PeerName, startPeer } from "./peers/server.ts";
import type { ChatReport, SystemName } from "./report-schema.ts";
import { benchScratch } from "./state-dir.ts";
import { formatTraceSummary, parseTraces, summarizeTraces } from "./turn-trace.ts";
import { withWorkerdCpu } from "./workerd-cpu.ts";

const TURNS = 200; // first delta: 200 turns one after another in one conversation; the median is stable to a few percent
// Before them, in another conversation and not counted: each system's code is compiled and optimised by the
// time it is measured (a bundle of Frontdesk's size took its first hundred turns to settle), as a deployment's is.
// A cold start is measured apart (cold_start).
const WARMUP_TURNS = 50;
const THROUGHPUT = { conversations: 20, warmupMs: 2_000, durationMs: 10_000 }; // turns/s: 20 busy conversations, a 10 s window
export const ADMIN_TOKEN = "bench-admin-token";
const log = (line: string) => console.error(`[bench] ${line}`);

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
export async function withFrontdesk<T>(
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

/** Measures the `selected` systems one at a time; `turnTrace` is the offline runs' per-turn trace, as printed lines. */
export async function chat(selected: ReadonlySet<SystemName>): Promise<{ report: ChatReport; turnTrace: string[] }> {
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
  return { report, turnTrace };
}

/** How the chat figures were taken, for the report's `method`. */
export const CHAT_METHOD = {
  first_delta:
    `${TURNS} turns one after another in one conversation (after ${WARMUP_TURNS} in another, not counted), ` +
    "from sending the message frame to the first streamed delta (Node, loopback WebSocket)",
  turns_per_s:
    `${THROUGHPUT.conversations} conversations at once, each sending its next message when its answer ` +
    `completes; answers completed in ${THROUGHPUT.durationMs / 1000} s after a ${THROUGHPUT.warmupMs / 1000} s warm-up`,
  turn_cpu_ms: "workerd utime + stime (/proc) across the first-delta run, divided by its turns",
};
