/**
 * Crawled-content parsing on adversarial input (issue 13): robots.txt rules with many wildcards and
 * long field lines, `<pre>` blocks with long runs of spaces, and headings of many "#"s. Each input
 * at two sizes, four times apart: linear code takes about four times as long at the larger one.
 * Timed in Node (clocks inside workerd do not advance during computation). Figures only.
 */
import { isAllowed, parseRobots } from "../worker/knowledge/crawl/robots.ts";
import { parseHtmlPage } from "../worker/knowledge/parsers/html.ts";
import { parseText } from "../worker/knowledge/parsers/text.ts";
import { splitSections } from "../worker/knowledge/sections.ts";

const REPEATS = 5; // the median of 5 runs: each run is one large input, so a few are enough

type Case = { name: string; sizes: [number, number]; run: (size: number) => unknown };

const CASES: Case[] = [
  {
    name: 'robots.txt rule "/a*a*a*a*a*a*a*a*b" against "/aaa…" (path length)',
    sizes: [25_000, 100_000],
    run: (n) => isAllowed(parseRobots(`User-agent: *\nDisallow: /${"a*".repeat(8)}b\n`), `/${"a".repeat(n)}`),
  },
  {
    name: "robots.txt field line of spaces before a line separator (spaces)",
    sizes: [250_000, 1_000_000],
    run: (n) => parseRobots(`User-agent: *\nDisallow:${" ".repeat(n)}/x\u2028z\n`),
  },
  {
    name: "<pre> block holding a run of spaces (spaces; pages are capped at 2 MiB)",
    sizes: [600_000, 2_400_000],
    run: (n) => parseHtmlPage(`<pre>a${" ".repeat(n)}b</pre>`),
  },
  {
    name: 'section heading "## a # # … # b" (characters)',
    sizes: [300_000, 1_200_000],
    run: (n) => splitSections("Page", `## a${" #".repeat(n / 2)} b\n\nBody.`),
  },
  {
    name: 'Markdown file titled by "## a # # … # b" (characters)',
    sizes: [120_000, 480_000],
    run: (n) => parseText("notes.md", "md", new TextEncoder().encode(`## a${" #".repeat(n / 2)} b\n\nBody.`)),
  },
];

function medianMs(run: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}

/** One line per adversarial input: its median time at both sizes. */
export function crawlRegexTimes(): string[] {
  return CASES.map(({ name, sizes: [small, large], run }) => {
    const a = medianMs(() => run(small));
    const b = medianMs(() => run(large));
    return `  ${name}: ${small.toLocaleString("en")} → ${a.toFixed(1)} ms, ${large.toLocaleString("en")} → ${b.toFixed(1)} ms`;
  });
}
