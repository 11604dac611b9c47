/**
 * Where the slowest turns of a load run spent their time: each client-side turn lined up with the
 * server's per-turn trace (worker/lib/turn-trace.ts, by conversation and message seq), the slowest
 * 1% by first delta split into the way to the object (send → message stored), the wait in its turn
 * queue, the handling up to the first delta (its spans and marks), and the way back (first delta
 * written → received). The same columns for the median turn say what is particular to the tail.
 */
import type { TurnResult } from "../load/visitor.ts";
import { percentile } from "../load/generator.ts";
import type { TraceRecord } from "../../worker/lib/turn-trace.ts";

export type TracedTurn = { conversationId: string; turn: TurnResult };

/** One turn's first delta, split; absent parts (no trace, no delta) are NaN. */
type Split = {
  firstDelta: number;
  toObject: number;
  queueWait: number;
  handling: number;
  back: number;
  spans: Record<string, number>;
  at: number;
};

const SLOW_SHARE = 0.01; // the tail the p99 is made of
const WINDOW_MS = 5_000; // the run's first delta over time, in windows of this length
const SHOWN_SPANS = 6; // a slow turn's longest spans; the rest are small

function split(turn: TurnResult, trace: TraceRecord | undefined): Split | null {
  if (turn.firstDeltaMs === undefined) return null;
  if (!trace)
    return {
      firstDelta: turn.firstDeltaMs,
      toObject: NaN,
      queueWait: NaN,
      handling: NaN,
      back: NaN,
      spans: {},
      at: turn.sentAt,
    };
  const queueWait = trace.spans.queue_wait ?? 0;
  const storedAt = trace.at - queueWait;
  const handling = trace.marks.first_delta ?? trace.marks.complete ?? NaN;
  return {
    firstDelta: turn.firstDeltaMs,
    toObject: storedAt - turn.sentAt,
    queueWait,
    handling,
    back: turn.sentAt + turn.firstDeltaMs - (trace.at + handling),
    spans: trace.spans,
    at: turn.sentAt,
  };
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "—");

/** The slowest 1% of turns, one line each, and the medians of the same columns over all turns. */
export function slowTurnReport(turns: TracedTurn[], traces: TraceRecord[]): string {
  const byTurn = new Map(traces.map((t) => [`${t.conversationId}#${t.messageSeq}`, t]));
  const splits = turns
    .map(({ conversationId, turn }) => split(turn, byTurn.get(`${conversationId}#${turn.messageSeq}`)))
    .filter((s): s is Split => s !== null)
    .sort((a, b) => b.firstDelta - a.firstDelta);
  if (splits.length === 0) return "slow turns: no turn reached a first delta";
  const begun = Math.min(...splits.map((s) => s.at));
  const slow = splits.slice(0, Math.max(1, Math.ceil(splits.length * SLOW_SHARE)));
  const median = (pick: (s: Split) => number) => ms(percentile(splits.map(pick).filter(Number.isFinite), 50));
  const lines = [
    `Slowest ${slow.length} of ${splits.length} turns ` +
      "(ms; send → stored in the object, queue wait, handling to the first delta, back to the visitor)",
    "  | sent at s | first delta | to object | queue | handling | back | longest spans |",
    "  |---|---|---|---|---|---|---|",
    `  | median | ${median((s) => s.firstDelta)} | ${median((s) => s.toObject)} | ${median((s) => s.queueWait)} | ` +
      `${median((s) => s.handling)} | ${median((s) => s.back)} | |`,
  ];
  for (const s of slow) {
    const spans = Object.entries(s.spans)
      .filter(([name]) => name !== "queue_wait")
      .sort((a, b) => b[1] - a[1])
      .slice(0, SHOWN_SPANS)
      .map(([name, value]) => `${name} ${ms(value)}`)
      .join(", ");
    lines.push(
      `  | ${((s.at - begun) / 1000).toFixed(1)} | ${ms(s.firstDelta)} | ${ms(s.toObject)} | ${ms(s.queueWait)} | ` +
        `${ms(s.handling)} | ${ms(s.back)} | ${spans} |`,
    );
  }
  lines.push("", overTime(splits, begun));
  return lines.join("\n");
}

/** First delta p50 / p99 per window of the run: whether the tail is steady or a passing burst. */
function overTime(splits: Split[], begun: number): string {
  const windows = new Map<number, number[]>();
  for (const s of splits) {
    const window = Math.floor((s.at - begun) / WINDOW_MS);
    const deltas = windows.get(window) ?? [];
    deltas.push(s.firstDelta);
    windows.set(window, deltas);
  }
  const cells = [...windows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([w, deltas]) => `${(w * WINDOW_MS) / 1000} s: ${ms(percentile(deltas, 50))} / ${ms(percentile(deltas, 99))}`);
  return `First delta p50 / p99 (ms) by ${WINDOW_MS / 1000} s window from the first send: ${cells.join(", ")}`;
}
