/**
 * The per-turn trace (worker/lib/turn-trace.ts) as the benchmark prints it: the `frontdesk-trace`
 * lines of a `wrangler dev` run with TRACE_TURNS=true, summed up as the median and p95 of each
 * span and mark over the turns that streamed a reply.
 */
import { percentile } from "./load/generator.ts";
import { TRACE_PREFIX, type TraceRecord } from "../worker/lib/turn-trace.ts";

export type TraceSummary = {
  turns: number;
  rows: { name: string; kind: "span" | "mark"; median: number; p95: number }[];
};

/** The traces in a server's output, in the order they were printed. */
export function parseTraces(output: string): TraceRecord[] {
  const records: TraceRecord[] = [];
  for (const line of output.split("\n")) {
    const at = line.indexOf(TRACE_PREFIX);
    if (at >= 0) records.push(JSON.parse(line.slice(at + TRACE_PREFIX.length)) as TraceRecord);
  }
  return records;
}

/** Median and p95 of every span and mark, over the traced turns that reached a first delta. */
export function summarizeTraces(records: TraceRecord[]): TraceSummary {
  const turns = records.filter((r) => r.marks.first_delta !== undefined);
  const rows: TraceSummary["rows"] = [];
  for (const kind of ["span", "mark"] as const) {
    const names = new Set(turns.flatMap((r) => Object.keys(kind === "span" ? r.spans : r.marks)));
    for (const name of names) {
      const values = turns.map((r) => (kind === "span" ? r.spans : r.marks)[name] ?? 0);
      rows.push({ name, kind, median: percentile(values, 50), p95: percentile(values, 95) });
    }
  }
  rows.sort((a, b) => (a.kind === b.kind ? b.median - a.median : a.kind === "span" ? -1 : 1));
  return { turns: turns.length, rows };
}

export function formatTraceSummary(summary: TraceSummary): string {
  const lines = [
    `Per-turn trace, ${summary.turns} turns (ms; spans add up repeats, marks are time since the message was taken up)`,
  ];
  lines.push("  | kind | name | median | p95 |", "  |---|---|---|---|");
  for (const row of summary.rows)
    lines.push(`  | ${row.kind} | ${row.name} | ${row.median.toFixed(2)} | ${row.p95.toFixed(2)} |`);
  return lines.join("\n");
}
