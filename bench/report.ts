/**
 * The benchmark's report: the ratios against the floors, which of the issue's targets are met, and the
 * writer of bench/results/latest.json and the Markdown table (stdout and bench/results/latest.md). The
 * schema's types are in report-schema.ts; parts measured elsewhere are shown as "not measured" until
 * their step fills them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type BenchReport, SYSTEMS, type SystemName, type Target } from "./report-schema.ts";

// Issue 18's targets: the loader rides on every customer page, the panel loads on first open (lightest peer: 164 KB);
// memory is workerd's for 1,000 open conversations; the steady p99 is at 50 turns/s over 1,000 conversations.
const LOADER_TARGET_BROTLI = 1_536;
const PANEL_TARGET_BROTLI = 12_288;
const MEMORY_TARGET_MB = 1_024;
const STEADY_P99_TARGET_MS = 250;

const div = (a: number | undefined, b: number | undefined): number | null =>
  a === undefined || b === undefined || b === 0 ? null : a / b;

/** Ratios of first delta, turns/s and turn CPU between the systems and against the floors. */
export function ratios(
  r: Pick<BenchReport, "first_delta_ms" | "turns_per_s" | "turn_cpu_ms">,
): Record<string, number | null> {
  const fd = (s: SystemName) => r.first_delta_ms[s]?.median;
  const tps = (s: SystemName) => r.turns_per_s[s];
  const cpu = (s: SystemName) => r.turn_cpu_ms[s];
  return {
    "first_delta frontdesk_instant / floor_streamtext": div(fd("frontdesk_instant"), fd("floor_streamtext")),
    "first_delta frontdesk_offline / floor_streamtext": div(fd("frontdesk_offline"), fd("floor_streamtext")),
    "first_delta frontdesk_instant / floor_do": div(fd("frontdesk_instant"), fd("floor_do")),
    "first_delta frontdesk_http / floor_http": div(fd("frontdesk_http"), fd("floor_http")),
    "first_delta frontdesk_http / frontdesk_instant": div(fd("frontdesk_http"), fd("frontdesk_instant")),
    "first_delta agents_sdk / frontdesk_instant": div(fd("agents_sdk"), fd("frontdesk_instant")),
    "turns_per_s frontdesk_instant / floor_streamtext": div(tps("frontdesk_instant"), tps("floor_streamtext")),
    "turns_per_s frontdesk_offline / floor_streamtext": div(tps("frontdesk_offline"), tps("floor_streamtext")),
    "turns_per_s frontdesk_instant / agents_sdk": div(tps("frontdesk_instant"), tps("agents_sdk")),
    "turns_per_s frontdesk_http / floor_http": div(tps("frontdesk_http"), tps("floor_http")),
    "turn_cpu frontdesk_instant / floor_streamtext": div(cpu("frontdesk_instant"), cpu("floor_streamtext")),
    "turn_cpu frontdesk_offline / floor_streamtext": div(cpu("frontdesk_offline"), cpu("floor_streamtext")),
    "turn_cpu agents_sdk / frontdesk_instant": div(cpu("agents_sdk"), cpu("frontdesk_instant")),
    "turn_cpu frontdesk_http / floor_http": div(cpu("frontdesk_http"), cpu("floor_http")),
  };
}

const fmt = (n: number | null | undefined, digits = 1): string =>
  n === null || n === undefined ? "not measured" : n.toLocaleString("en-US", { maximumFractionDigits: digits });

function target(
  label: string,
  value: number | null | undefined,
  ok: (v: number) => boolean,
  shown = fmt(value, 2),
): Target {
  return {
    target: label,
    value: value === null || value === undefined ? "not measured" : shown,
    met: value == null ? null : ok(value),
  };
}

/** The issue's targets, each met, missed or not measured in this run. */
export function targets(r: Omit<BenchReport, "targets" | "ratios">): Target[] {
  const fd = (s: SystemName) => r.first_delta_ms[s]?.median;
  const floor = fd("floor_streamtext");
  const indexP50 = r.index?.["1000"]?.p50_ms;
  const offlineBound = floor === undefined || indexP50 === undefined ? undefined : 1.25 * (floor + indexP50);
  const c1000 = r.concurrency?.["1000"];
  return [
    target(
      "first delta, instant model: frontdesk_instant / floor_streamtext ≤ 1.25",
      div(fd("frontdesk_instant"), floor),
      (v) => v <= 1.25,
    ),
    target(
      "first delta: agents_sdk / frontdesk_instant ≥ 2.5",
      div(fd("agents_sdk"), fd("frontdesk_instant")),
      (v) => v >= 2.5,
    ),
    target(
      "first delta, offline model ≤ 1.25 × (floor_streamtext + index p50 at 1k chunks)",
      offlineBound === undefined ? undefined : div(fd("frontdesk_offline"), offlineBound),
      (v) => v <= 1,
      `${fmt(fd("frontdesk_offline"))} ms vs ${fmt(offlineBound)} ms`,
    ),
    target(
      "turns/s, instant model ≥ 0.8 × floor_streamtext",
      div(r.turns_per_s.frontdesk_instant, r.turns_per_s.floor_streamtext),
      (v) => v >= 0.8,
    ),
    target("turns/s, offline model ≥ 100", r.turns_per_s.frontdesk_offline, (v) => v >= 100),
    target(
      "1,000 conversations × 3: 0 lost, 0 duplicated",
      c1000 ? c1000.lost + c1000.duplicated : undefined,
      (v) => v === 0,
      c1000 ? `${c1000.lost} lost, ${c1000.duplicated} duplicated` : "",
    ),
    target(
      `steady arrival: p99 first delta ≤ ${STEADY_P99_TARGET_MS} ms`,
      r.steady?.p99_ms,
      (v) => v <= STEADY_P99_TARGET_MS,
    ),
    target(
      `workerd memory for 1,000 conversations ≤ ${MEMORY_TARGET_MB} MB`,
      c1000?.rss_mb,
      (v) => v <= MEMORY_TARGET_MB,
    ),
    target(
      `loader ≤ ${LOADER_TARGET_BROTLI} B brotli`,
      r.widget.loader.brotli,
      (v) => v <= LOADER_TARGET_BROTLI,
      `${r.widget.loader.brotli} B`,
    ),
    target(
      `panel ≤ ${PANEL_TARGET_BROTLI} B brotli`,
      r.widget.panel.brotli,
      (v) => v <= PANEL_TARGET_BROTLI,
      `${r.widget.panel.brotli} B`,
    ),
  ];
}

const row = (cells: (string | number)[]): string => `| ${cells.join(" | ")} |`;
const table = (head: string[], rows: (string | number)[][]): string[] => [
  row(head),
  row(head.map(() => "---")),
  ...rows.map(row),
];

/** The report as Markdown: every schema part in order, "not measured" where a part has no figures. */
export function renderMarkdown(r: BenchReport): string {
  const m = r.machine;
  const lines = [
    "# Frontdesk benchmark",
    "",
    `Machine: ${m.cpu}, ${m.cores} cores, ${fmt(m.memory / 2 ** 30)} GiB, ${m.os}; ` +
      `Node ${m.node}, workerd ${m.workerd}, wrangler ${m.wrangler}; local state in ${m.state}; ${m.date}`,
    "",
    "## Widget (bytes)",
    ...table(
      ["file", "raw", "gzip", "brotli"],
      [
        ...Object.entries(r.widget).map(([name, s]) => [name, s.raw, s.gzip, s.brotli]),
        [
          `first open (${r.widget_first_open.files.join(" + ")})`,
          r.widget_first_open.raw,
          r.widget_first_open.gzip,
          r.widget_first_open.brotli,
        ],
      ],
    ),
    "",
    "Other chat widgets' script-tag builds (× = peer / Frontdesk's first open):",
    "",
    ...table(
      ["widget", "files", "raw", "gzip", "brotli", "× brotli", "× gzip"],
      Object.entries(r.widget_peers).map(([name, p]) => [
        `${name} (${p.package})`,
        p.files.join(", "),
        p.raw,
        p.gzip,
        p.brotli,
        fmt(p.ratio_brotli),
        fmt(p.ratio_gzip),
      ]),
    ),
    "",
    `## First delta, turns/s, turn CPU`,
    "",
    `Method: ${Object.entries(r.method)
      .map(([k, v]) => `${k} ${v}`)
      .join("; ")}`,
    "",
    ...table(
      ["system", "first delta median (ms)", "p95 (ms)", "turns/s", "workerd CPU per turn (ms)"],
      SYSTEMS.map((s) => [
        s,
        fmt(r.first_delta_ms[s]?.median, 2),
        fmt(r.first_delta_ms[s]?.p95, 2),
        fmt(r.turns_per_s[s]),
        fmt(r.turn_cpu_ms[s], 2),
      ]),
    ),
    "",
    ...table(
      ["ratio", "value"],
      Object.entries(r.ratios).map(([name, v]) => [name, fmt(v, 2)]),
    ),
    "",
    "## Concurrency",
    ...(r.concurrency
      ? table(
          [
            "conversations",
            "sent",
            "answered",
            "lost",
            "duplicated",
            "errors",
            "p50 (ms)",
            "p99 (ms)",
            "workerd RSS (MB)",
          ],
          Object.entries(r.concurrency).map(([n, c]) => [
            n,
            c.sent,
            c.answered,
            c.lost,
            c.duplicated,
            c.errors,
            fmt(c.p50_ms),
            fmt(c.p99_ms),
            fmt(c.rss_mb),
          ]),
        )
      : ["not measured"]),
    "",
    "## Steady arrival",
    r.steady
      ? `${r.steady.rate} turns/s: p50 ${fmt(r.steady.p50_ms)} ms, p99 ${fmt(r.steady.p99_ms)} ms, lost ${r.steady.lost}`
      : "not measured",
    "",
    "## Knowledge index",
    ...(r.index
      ? table(
          ["chunks", "cold (ms)", "p50 (ms)", "p95 (ms)"],
          Object.entries(r.index).map(([n, i]) => [n, fmt(i.cold_ms), fmt(i.p50_ms, 2), fmt(i.p95_ms, 2)]),
        )
      : ["not measured"]),
    "",
    "## Growth of one conversation",
    ...(r.growth
      ? table(
          ["messages", "first delta (ms)", "workerd RSS (MB)", "storage (bytes)"],
          Object.entries(r.growth).map(([n, g]) => [n, fmt(g.first_delta_ms, 2), fmt(g.rss_mb), g.storage_bytes]),
        )
      : ["not measured"]),
    "",
    "## Worker bundle",
    r.worker_bundle ? `${r.worker_bundle.gzip} B gzip` : "not measured",
    "",
    "## Cold start",
    r.cold_start
      ? Object.entries(r.cold_start)
          .map(([k, v]) => `${k}: ${fmt(v)}`)
          .join(", ")
      : "not measured",
    "",
    "## Ceilings of the shared objects",
    r.ceilings ? `\`${JSON.stringify(r.ceilings)}\`` : "not measured",
    "",
    "## Targets (issue 18)",
    ...table(
      ["target", "this run", "met"],
      r.targets.map((t) => [t.target, t.value, t.met === null ? "not measured" : t.met ? "yes" : "no"]),
    ),
  ];
  if (Object.keys(r.errors).length > 0)
    lines.push(
      "",
      "## Not measured, and why",
      ...Object.entries(r.errors).map(([k, v]) => `- ${k}: ${v.split("\n")[0]}`),
    );
  for (const [title, figures] of Object.entries(r.other)) lines.push("", `### ${title}`, "```", ...figures, "```");
  return `${lines.join("\n")}\n`;
}

export const RESULTS_DIR = new URL("./results/", import.meta.url).pathname;

/** Writes latest.json and latest.md into `dir` (bench/results, git-ignored) and returns the Markdown. */
export function writeReport(r: BenchReport, dir = RESULTS_DIR): string {
  const markdown = renderMarkdown(r);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "latest.json"), `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(join(dir, "latest.md"), markdown);
  return markdown;
}
