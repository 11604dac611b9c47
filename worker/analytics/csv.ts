/** The analytics table as CSV: one row per period of the series, then a totals row; numbers only, so no cell is a formula. */
import { unparse } from "papaparse";
import type { Figures, Report } from "./report";

const COLUMNS: (keyof Figures)[] = [
  "conversations",
  "handled",
  "resolved",
  "handedOff",
  "answers",
  "abstentions",
  "thumbsUp",
  "thumbsDown",
  "ratings",
  "averageRating",
  "handleRate",
  "resolutionRate",
  "deflection",
  "handoffRate",
  "abstentionRate",
  "inputTokens",
  "outputTokens",
  "cost",
];

const cell = (value: number | null): string => (value === null ? "" : String(Number(value.toFixed(6))));

export function reportCsv(report: Report): string {
  const rows = report.series.map((point) => [point.period, ...COLUMNS.map((column) => cell(point[column]))]);
  rows.push(["total", ...COLUMNS.map((column) => cell(report.totals[column]))]);
  return `${unparse({ fields: ["period", ...COLUMNS], data: rows }, { newline: "\n" })}\n`;
}
