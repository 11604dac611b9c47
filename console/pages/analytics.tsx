/**
 * An agent's performance: the period's totals and rates, conversations and resolutions over time
 * (chart and table), handoff reasons, feedback, and the same table as CSV.
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api, apiResponse } from "../api";
import { BarChart } from "../chart";
import { useLoad } from "../load";

type Figures = {
  conversations: number;
  handled: number;
  resolved: number;
  handedOff: number;
  answers: number;
  thumbsUp: number;
  thumbsDown: number;
  ratings: number;
  handleRate: number | null;
  resolutionRate: number | null;
  deflection: number | null;
  handoffRate: number | null;
  abstentionRate: number | null;
  averageRating: number | null;
  inputTokens: number;
  outputTokens: number;
  cost: number | null;
};
type Report = {
  from: string;
  to: string;
  timeZone: string;
  totals: Figures & {
    handoffReasons: Record<string, number>;
    medianFirstDeltaMs: number | null;
    medianFirstStaffReplyMs: number | null;
    creditsUsed: number;
    costPerResolution: number | null;
  };
  series: (Figures & { period: string })[];
};

const PERIODS = [7, 30, 90] as const;
const DAY_MS = 86_400_000;

const percent = (rate: number | null): string => (rate === null ? "–" : `${Math.round(rate * 100)}%`);
const ms = (value: number | null): string =>
  value === null ? "–" : value < 1_000 ? `${Math.round(value)} ms` : `${(value / 1_000).toFixed(1)} s`;
const dollars = (value: number | null): string => (value === null ? "unknown" : `$${value.toFixed(4)}`);
const dateOf = (time: number): string => new Date(time).toISOString().slice(0, 10);

async function downloadCsv(agentId: string, query: string): Promise<void> {
  const response = await apiResponse(`/agents/${agentId}/analytics.csv?${query}`);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = `${agentId}-analytics.csv`;
  link.click();
  URL.revokeObjectURL(link.href);
}

export function AnalyticsTab({ agentId }: { agentId: string }): VNode {
  const [days, setDays] = useState<number>(30);
  const [granularity, setGranularity] = useState("day");
  const now = Date.now();
  const query = `from=${dateOf(now - (days - 1) * DAY_MS)}&to=${dateOf(now)}&granularity=${granularity}`;
  const report = useLoad(() => api<Report>(`/agents/${agentId}/analytics?${query}`), [agentId, query]);
  const data = report.data;
  const totals = data?.totals;
  const cards: [string, string][] = totals
    ? [
        ["Conversations", String(totals.conversations)],
        ["Handle rate", percent(totals.handleRate)],
        ["Resolution rate", percent(totals.resolutionRate)],
        ["Deflection", percent(totals.deflection)],
        ["Handoff rate", percent(totals.handoffRate)],
        ["Abstention rate", percent(totals.abstentionRate)],
        ["Feedback", `${totals.thumbsUp} 👍 · ${totals.thumbsDown} 👎`],
        [
          "Average rating",
          totals.averageRating === null ? "–" : `${totals.averageRating.toFixed(1)} of 5 (${totals.ratings})`,
        ],
        ["Time to first words", ms(totals.medianFirstDeltaMs)],
        ["Time to a person", ms(totals.medianFirstStaffReplyMs)],
        ["Credits used", String(totals.creditsUsed)],
        ["Cost per resolution", dollars(totals.costPerResolution)],
      ]
    : [];
  return (
    <>
      <div class="c-actions c-filters">
        <label>
          Period{" "}
          <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            {PERIODS.map((n) => (
              <option key={n} value={n}>
                Last {n} days
              </option>
            ))}
          </select>
        </label>
        <label>
          By{" "}
          <select value={granularity} onChange={(e) => setGranularity(e.currentTarget.value)}>
            <option value="day">day</option>
            <option value="week">week</option>
            <option value="month">month</option>
          </select>
        </label>
        <button type="button" onClick={() => downloadCsv(agentId, query)}>
          Download CSV
        </button>
      </div>
      {report.error && <p role="alert">{report.error}</p>}
      {data && totals && (
        <>
          <p class="c-muted">
            {data.from} to {data.to} ({data.timeZone})
          </p>
          <dl class="c-figures">
            {cards.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <BarChart
            title="Conversations and resolutions"
            labels={data.series.map((p) => p.period)}
            series={[
              { name: "Conversations", className: "c-bar-a", values: data.series.map((p) => p.conversations) },
              { name: "Resolved", className: "c-bar-b", values: data.series.map((p) => p.resolved) },
            ]}
          />
          <table class="c-table">
            <caption>By {granularity}</caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Conversations</th>
                <th scope="col">Resolved</th>
                <th scope="col">Handed off</th>
                <th scope="col">Abstention rate</th>
                <th scope="col">Thumbs up / down</th>
              </tr>
            </thead>
            <tbody>
              {data.series.map((p) => (
                <tr key={p.period}>
                  <th scope="row">{p.period}</th>
                  <td>{p.conversations}</td>
                  <td>{p.resolved}</td>
                  <td>{p.handedOff}</td>
                  <td>{percent(p.abstentionRate)}</td>
                  <td>
                    {p.thumbsUp} / {p.thumbsDown}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Handoff reasons</h2>
          <ul class="c-list">
            {Object.entries(totals.handoffReasons).map(([reason, count]) => (
              <li key={reason}>
                {reason.replace(/_/g, " ")}: {count}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
