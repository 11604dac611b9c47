/**
 * Steady load: 1,000 conversations open (their sockets replayed to), then 50 messages a second for
 * 30 s to them round-robin (bench/load/steady.ts), on a fresh Frontdesk; first-delta percentiles,
 * loss and workerd's peak RSS over the whole run.
 */
import { DEMO_QUESTIONS } from "../load/agent-settings.ts";
import { runSteady } from "../load/steady.ts";
import { runtimeCpuMs, sampleRss } from "./rss.ts";
import { within, withScaleServer } from "./server.ts";
import { slowTurnReport } from "./slow-turns.ts";
import { parseTraces } from "../turn-trace.ts";

export type SteadyFigures = {
  rate: number;
  p50_ms: number;
  p99_ms: number;
  lost: number;
  /** Beside the schema. */
  sent: number;
  answered: number;
  duplicated: number;
  errors: number;
  /** Arrivals that found no idle conversation (none sent). */
  skipped: number;
  /** Turns unanswered after TURN_TIMEOUT_MS: each counts as that long in p50/p99, which are then a floor. */
  timed_out: number;
  sent_per_s: number;
  /** Seconds it took to start every conversation and have its socket replayed to, before the arrivals. */
  open_s: number;
  rss_mb: number;
  /** The Worker runtime's CPU time from the first arrival until every turn ended, per answered turn (steadier than latency). */
  cpu_ms_per_turn: number;
  examples: string[];
};

/** `trace`: the server prints each turn's trace, and the slowest turns' are printed to stderr (tracing costs a log line a turn). */
export type SteadySettings = { rate: number; seconds: number; conversations: number; trace?: boolean };

export const STEADY_DEFAULTS: SteadySettings = { rate: 50, seconds: 30, conversations: 1_000 };
const TURN_TIMEOUT_MS = 60_000; // far beyond the p99 target of 250 ms: a turn this late counts as lost
const RUN_TIMEOUT_MS = 10 * 60_000; // opening 1,000 sockets, 30 s of arrivals, the audit: a few minutes

/** `steady` of the bench's JSON. */
export async function steady(settings: SteadySettings = STEADY_DEFAULTS): Promise<SteadyFigures> {
  return withScaleServer(
    async (server) => {
      const rss = sampleRss(server.pid);
      const cpu = { begin: Number.NaN, end: Number.NaN };
      try {
        const report = await within(
          RUN_TIMEOUT_MS,
          `${settings.rate} messages/s for ${settings.seconds} s over ${settings.conversations} conversations`,
          runSteady({
            baseUrl: server.url,
            agentId: "demo",
            conversations: settings.conversations,
            rate: settings.rate,
            seconds: settings.seconds,
            questions: DEMO_QUESTIONS,
            turnTimeoutMs: TURN_TIMEOUT_MS,
            onArrivals: (phase) => (cpu[phase] = runtimeCpuMs(server.pid())),
          }),
        );
        if (settings.trace) process.stderr.write(`${slowTurnReport(report.turns, parseTraces(server.output()))}\n`);
        return {
          rate: settings.rate,
          p50_ms: Math.round(report.firstDeltaP50Ms),
          p99_ms: Math.round(report.firstDeltaP99Ms),
          lost: report.lost,
          sent: report.sent,
          answered: report.answered,
          duplicated: report.duplicated,
          errors: report.errors,
          skipped: report.skipped,
          timed_out: report.timedOut,
          sent_per_s: Math.round(report.sentPerSecond * 10) / 10,
          open_s: Math.round(report.openSeconds * 10) / 10,
          rss_mb: rss.stop(),
          cpu_ms_per_turn: Math.round(((cpu.end - cpu.begin) / report.answered) * 10) / 10,
          examples: report.examples,
        };
      } finally {
        rss.stop();
      }
    },
    { traceTurns: settings.trace === true },
  );
}
