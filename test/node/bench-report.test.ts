/**
 * The benchmark's report (bench/report.ts): issue 18's JSON schema names, ratios against the floors,
 * the targets (met, missed, or not measured when a part did not run) and the Markdown table, which
 * says "not measured" for every part another step fills later. Pure functions; no server.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ratios, renderMarkdown, targets, writeReport } from "../../bench/report";
import type { BenchReport } from "../../bench/report-schema";

const sizes = (brotli: number) => ({ raw: brotli * 3, gzip: brotli + 100, brotli });

function report(overrides: Partial<BenchReport> = {}): BenchReport {
  const partial = {
    machine: {
      cpu: "Test CPU",
      cores: 2,
      memory: 8 * 2 ** 30,
      os: "Linux",
      node: "v24.0.0",
      workerd: "1.0.0",
      wrangler: "4.0.0",
      date: "2026-12-05T00:00:00.000Z",
      state: "memory (/dev/shm)",
    },
    widget: { loader: sizes(1_400), panel: sizes(14_000), preview: sizes(11_000), console: sizes(22_000) },
    first_delta_ms: {
      frontdesk_offline: { median: 40, p95: 60 },
      frontdesk_instant: { median: 16, p95: 30 },
      agents_sdk: { median: 48, p95: 90 },
      floor_do: { median: 1, p95: 2 },
      floor_streamtext: { median: 8, p95: 12 },
      frontdesk_http: { median: 20, p95: 34 },
      floor_http: { median: 4, p95: 6 },
    },
    turns_per_s: {
      frontdesk_offline: 30,
      frontdesk_instant: 120,
      agents_sdk: 40,
      floor_do: 1400,
      floor_streamtext: 140,
    },
    widget_first_open: { files: ["widget.js"], ...sizes(20_000) },
    widget_peers: {},
    turn_cpu_ms: { frontdesk_instant: 30, floor_streamtext: 10 },
    method: {},
    errors: {},
    other: {},
    ...overrides,
  };
  return { ...partial, ratios: ratios(partial), targets: targets(partial), ...overrides };
}

const met = (r: BenchReport, start: string) => r.targets.find((t) => t.target.startsWith(start))?.met;

describe("bench report", () => {
  it("computes ratios between systems and against the floors", () => {
    const r = report();
    expect(r.ratios["first_delta frontdesk_instant / floor_streamtext"]).toBe(2);
    expect(r.ratios["first_delta agents_sdk / frontdesk_instant"]).toBe(3);
    expect(r.ratios["turn_cpu frontdesk_instant / floor_streamtext"]).toBe(3);
    expect(r.ratios["turn_cpu agents_sdk / frontdesk_instant"]).toBeNull(); // agents_sdk has no CPU figure
    expect(r.ratios["first_delta frontdesk_http / floor_http"]).toBe(5); // the floor of the same model call over HTTP
    expect(r.ratios["first_delta frontdesk_http / frontdesk_instant"]).toBe(1.25); // what the model's HTTP hop adds
    expect(r.ratios["turns_per_s frontdesk_http / floor_http"]).toBeNull(); // not measured
  });

  it("says which targets are met, missed, or not measured", () => {
    const r = report();
    expect(met(r, "first delta, instant model")).toBe(false); // 16 / 8 = 2 > 1.25
    expect(met(r, "first delta: agents_sdk")).toBe(true); // 48 / 16 = 3 ≥ 2.5
    expect(met(r, "turns/s, instant model")).toBe(true); // 120 / 140 ≥ 0.8
    expect(met(r, "turns/s, offline model")).toBe(false);
    expect(met(r, "loader")).toBe(true);
    expect(met(r, "panel")).toBe(false);
    expect(met(r, "1,000 conversations")).toBeNull();
    expect(met(r, "steady arrival")).toBeNull();
    expect(met(r, "first delta, offline model")).toBeNull(); // needs the index figures
    const measured = report({
      concurrency: {
        "1000": { sent: 3000, answered: 3000, lost: 0, duplicated: 0, errors: 0, p50_ms: 1, p99_ms: 2, rss_mb: 900 },
      },
    });
    expect(met(measured, "1,000 conversations")).toBe(true);
    expect(met(measured, "workerd memory")).toBe(true);
  });

  it("shows the parts another step fills as not measured in the table", () => {
    const markdown = renderMarkdown(report({ turns_per_s: {} }));
    for (const heading of [
      "## Concurrency",
      "## Steady arrival",
      "## Knowledge index",
      "## Growth of one conversation",
      "## Worker bundle",
    ])
      expect(markdown).toContain(`${heading}\nnot measured`);
    expect(markdown).toMatch(/\| frontdesk_instant \| 16 \| 30 \| not measured \| 30 \|/);
  });

  it("writes latest.json with the schema's names and latest.md", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-report-"));
    try {
      const r = report({ worker_bundle: { gzip: 123_456 } });
      const markdown = writeReport(r, dir);
      const json = JSON.parse(readFileSync(join(dir, "latest.json"), "utf8"));
      expect(json).toEqual(r);
      for (const key of ["machine", "widget", "first_delta_ms", "turns_per_s", "worker_bundle"])
        expect(json).toHaveProperty(key);
      expect(Object.keys(json.first_delta_ms)).toEqual([
        "frontdesk_offline",
        "frontdesk_instant",
        "agents_sdk",
        "floor_do",
        "floor_streamtext",
        "frontdesk_http",
        "floor_http",
      ]);
      expect(readFileSync(join(dir, "latest.md"), "utf8")).toBe(markdown);
      expect(markdown).toContain("123456 B gzip");
      expect(markdown).toContain("local state in memory (/dev/shm)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
