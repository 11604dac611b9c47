/**
 * A bar chart in plain SVG (no chart library: a few hundred bytes instead of tens of kilobytes):
 * one group of bars per period, one bar per series, scaled to the largest value. The figures are
 * also in the table beside it, which is what screen readers read.
 */
import type { VNode } from "preact";

export type ChartSeries = { name: string; className: string; values: number[] };

const WIDTH = 640;
const HEIGHT = 200;
const GAP = 2;

export function BarChart({ labels, series, title }: { labels: string[]; series: ChartSeries[]; title: string }): VNode {
  const top = Math.max(1, ...series.flatMap((s) => s.values));
  const slot = WIDTH / Math.max(1, labels.length);
  const bar = Math.max(1, (slot - GAP * (series.length + 1)) / series.length);
  return (
    <figure class="c-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}; the figures are in the table below`}>
        {labels.map((label, i) =>
          series.map((s, j) => {
            const value = s.values[i] ?? 0;
            const height = (value / top) * (HEIGHT - 4);
            return (
              <rect
                key={`${label}-${s.name}`}
                class={s.className}
                x={i * slot + GAP + j * (bar + GAP)}
                y={HEIGHT - height}
                width={bar}
                height={height}
              >
                <title>{`${label} · ${s.name}: ${value}`}</title>
              </rect>
            );
          }),
        )}
      </svg>
      <figcaption>
        {title}:{" "}
        {series.map((s) => (
          <span key={s.name} class="c-key">
            <i class={s.className} />
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
